import type { CompileResult } from '../../compile/index.js';
import { formatDiagnostic } from './format.js';

// XML 1.0 forbids most control characters even escaped: escapeXml drops them.
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** JUnit XML: one `<testcase>` per file, a `<failure>` holding the diagnostics of each failure. */
export function formatJunit(entries: { path: string; result: CompileResult }[], cwd: string, totalMs: number): string {
  const failures = entries.filter((e) => !e.result.ok).length;
  const plain = (_style: unknown, text: string): string => text;
  const cache = new Map<string, string[] | null>();
  let xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  xml += `<testsuites name="compile-check" tests="${entries.length}" failures="${failures}" time="${(totalMs / 1000).toFixed(3)}">\n`;
  xml += `  <testsuite name="compile-check" tests="${entries.length}" failures="${failures}" errors="0" skipped="0" time="${(totalMs / 1000).toFixed(3)}">\n`;
  for (const { path, result } of entries) {
    xml += `    <testcase classname="compile-check" name="${escapeXml(path)}" time="${(result.durationMs / 1000).toFixed(3)}"`;
    if (result.ok) {
      xml += '/>\n';
      continue;
    }
    const first = result.diagnostics.find((d) => d.severity === 'error')?.message ?? result.kind;
    const body = result.diagnostics
      .slice(0, 200)
      .map((d) => formatDiagnostic(d, plain, cwd, cache))
      .join('');
    xml += `>\n      <failure type="${result.kind}" message="${escapeXml(first)}">${escapeXml(body)}</failure>\n    </testcase>\n`;
  }
  xml += '  </testsuite>\n</testsuites>\n';
  return xml;
}
