import type { PreparedSource } from './prepare-sources.js';
import type { Diagnostic } from './types.js';

/**
 * Columns in the sources counted in characters (UTF-16 code units, as SARIF and the caret want),
 * from the compilers' byte columns: `\treturn x;` has `x` at 9, where GCC's own column says 16
 * (a tab to the next multiple of 8) and `é` would count 2. Other files keep the byte column.
 */
export function toCharacterColumns(diagnostics: Diagnostic[], sources: PreparedSource[]): Diagnostic[] {
  const lines = new Map<string, string[]>();
  for (const source of sources) lines.set(source.display, source.text.split('\n'));
  return diagnostics.map((d) => {
    const line = d.column > 1 ? lines.get(d.file)?.[d.line - 1] : undefined;
    if (line === undefined) return d;
    const before = Buffer.from(line, 'utf8')
      .subarray(0, d.column - 1)
      .toString('utf8');
    return { ...d, column: before.length + 1 };
  });
}
