import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CompileResult, Diagnostic } from '../../compile/index.js';
import { escapeForTerminal, escapeNameForTerminal, type Paint } from '../kit/index.js';

const MAX_SHOWN_DIAGNOSTICS = 30;

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function readLines(file: string, cwd: string, cache: Map<string, string[] | null>): string[] | null {
  const path = resolve(cwd, file);
  if (!cache.has(path)) {
    try {
      cache.set(path, readFileSync(path, 'utf8').split(/\r?\n/));
    } catch {
      cache.set(path, null);
    }
  }
  return cache.get(path)!;
}

const SEVERITY_STYLE: Record<Diagnostic['severity'], 'red' | 'magenta' | 'cyan'> = {
  error: 'red',
  warning: 'magenta',
  note: 'cyan',
};

/** `file:line:col: error: message`, then the source line and a caret, as GCC prints them. */
export function formatDiagnostic(
  d: Diagnostic,
  paint: Paint,
  cwd: string,
  cache: Map<string, string[] | null>,
): string {
  const file = escapeNameForTerminal(d.file);
  const where =
    d.file === '' ? '' : d.line > 0 ? `${file}:${d.line}:${d.column > 0 ? `${d.column}:` : ''} ` : `${file}: `;
  const option = d.option ? ` [${d.option}]` : '';
  // A source chooses its messages (`#error` with an escape sequence) and lines: they never drive the terminal.
  let text = `${paint('bold', where)}${paint(['bold', SEVERITY_STYLE[d.severity]], `${d.severity}:`)} ${escapeForTerminal(d.message)}${option}\n`;
  const source = d.file !== '' && d.line > 0 ? readLines(d.file, cwd, cache)?.[d.line - 1] : undefined;
  if (source !== undefined) {
    const gutter = String(d.line).padStart(5);
    text += `${gutter} | ${escapeForTerminal(source)}\n`;
    if (d.column > 0) {
      // Tabs stay tabs so the caret lines up under them.
      const lead = escapeForTerminal(source.slice(0, d.column - 1)).replace(/[^\t]/g, ' ');
      text += `${' '.repeat(gutter.length)} | ${lead}${paint(['bold', 'green'], '^')}\n`;
    }
  }
  return text;
}

/** One line per file, then for a failure its diagnostics (at most MAX_SHOWN_DIAGNOSTICS). */
export function formatResult(path: string, result: CompileResult, paint: Paint, cwd: string): string {
  const cache = new Map<string, string[] | null>();
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  if (result.ok) {
    const extras = [
      formatSeconds(result.durationMs),
      ...(result.cached ? ['cached'] : []),
      ...(warnings > 0 ? [`${warnings} warning${warnings === 1 ? '' : 's'}`] : []),
    ];
    return `${paint(['bold', 'green'], 'PASS')} ${escapeNameForTerminal(path)} (${extras.join(', ')})\n`;
  }
  const reason = result.kind === 'compile-error' ? '' : ` (${result.kind})`;
  let text = `${paint(['bold', 'red'], 'FAIL')} ${escapeNameForTerminal(path)}${reason}\n`;
  const shown = result.diagnostics.slice(0, MAX_SHOWN_DIAGNOSTICS);
  // Untrusted source names any file it likes (`#line 1 "/etc/shadow"`): quote the checked file only.
  if (result.sandbox === 'bwrap')
    for (const d of shown) if (resolve(cwd, d.file) !== resolve(cwd, path)) cache.set(resolve(cwd, d.file), null);
  for (const d of shown) text += formatDiagnostic(d, paint, cwd, cache);
  const hidden = result.diagnostics.length - shown.length;
  if (hidden > 0) text += `... and ${hidden} more diagnostic${hidden === 1 ? '' : 's'} (--json shows them all)\n`;
  return text;
}

export function formatSummary(passed: number, failed: number, paint: Paint): string {
  const failedText = `${failed} failed`;
  return `${paint('green', `${passed} passed`)}, ${failed > 0 ? paint('red', failedText) : failedText}\n`;
}
