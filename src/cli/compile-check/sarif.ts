import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompileResult, Diagnostic } from '../../compile/index.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region: { startLine: number; startColumn?: number };
  };
  message?: { text: string };
}

interface SarifResult {
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
}

/** A relative path as a URI reference (each segment percent-encoded), an absolute one as `file://`. */
function artifactLocation(file: string): SarifLocation['physicalLocation']['artifactLocation'] {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

// Code scanning shows a result only at a line: a message without one (the linker's) points at line 1.
function locate(d: Diagnostic, checked: string): SarifLocation {
  const region: SarifLocation['physicalLocation']['region'] = { startLine: d.line > 0 ? d.line : 1 };
  if (d.line > 0 && d.column > 0) region.startColumn = d.column;
  return { physicalLocation: { artifactLocation: artifactLocation(d.file === '' ? checked : d.file), region } };
}

/** GCC's and Clang's warning option (`-Wunused-variable`) is the rule; other messages are `compiler-error`/`-warning`/`-note`. */
function ruleOf(d: Diagnostic): string {
  return d.option ?? `compiler-${d.severity}`;
}

const RULES: Record<string, string> = {
  'compiler-error': 'An error of the compiler or the linker, or a limit that stopped the compile',
  'compiler-warning': 'A warning of the compiler or the linker that names no option',
  'compiler-note': 'A note of the compiler',
};

function describeRule(id: string): string {
  return RULES[id] ?? `A warning enabled by ${id}`;
}

/**
 * SARIF 2.1.0 for code scanning: one result per error and warning (a note goes with the message
 * before it as a related location), located by file, line and column; relative paths resolve
 * against `%SRCROOT%`, which is `cwd`.
 */
export function formatSarif(entries: { path: string; result: CompileResult }[], version: string, cwd: string): string {
  const results: SarifResult[] = [];
  for (const { path, result } of entries) {
    let last: SarifResult | undefined;
    for (const d of result.diagnostics) {
      if (d.severity === 'note' && last) {
        const related = { ...locate(d, path), message: { text: d.message } };
        (last.relatedLocations ??= []).push(related);
        continue;
      }
      last = { ruleId: ruleOf(d), level: d.severity, message: { text: d.message }, locations: [locate(d, path)] };
      results.push(last);
    }
  }
  const ruleIds = [...new Set(results.map((r) => r.ruleId))].sort();
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'compile-check',
            version,
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: describeRule(id) } })),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
