import { parseJsonDiagnostics } from './parse-json-diagnostics.js';
import { parseTextDiagnostics } from './parse-text-diagnostics.js';
import type { Diagnostic } from './types.js';

/**
 * Parses a compiler's stderr: lines holding GCC's JSON array go through the JSON parser, the
 * rest (linker errors, driver errors, `compilation terminated.`, or a compiler with no JSON
 * output) through the text parser, in order.
 */
export function parseDiagnostics(stderr: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let text: string[] = [];
  const flushText = (): void => {
    if (text.length > 0) diagnostics.push(...parseTextDiagnostics(text.join('\n')));
    text = [];
  };
  for (const line of stderr.split(/\r?\n/)) {
    if (line.startsWith('[{') || line === '[]' || (line.startsWith('[') && line.length > 1 && line[1] === '{')) {
      flushText();
      diagnostics.push(...parseJsonDiagnostics(line));
    } else {
      text.push(line);
    }
  }
  flushText();
  return diagnostics;
}
