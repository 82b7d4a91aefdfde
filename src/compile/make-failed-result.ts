import type { CompileError, CompileKind, CompileResult } from './types.js';

/** The result of a compile that could not be attempted: the reason is also the first diagnostic. */
export function makeFailedResult(kind: CompileKind, error: CompileError, started: number, command = ''): CompileResult {
  return {
    ok: false,
    kind,
    diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', message: error.message }],
    stderr: '',
    durationMs: performance.now() - started,
    cached: false,
    command,
    error,
  };
}
