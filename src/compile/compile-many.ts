import { availableParallelism } from 'node:os';
import { describeValue } from '../process/validate-options.js';
import { compile } from './compile.js';
import type { CompileOptions, CompileResult, SourceInput } from './types.js';

export interface CompileManyOptions extends CompileOptions {
  /** Compiles at once. @default os.availableParallelism() */
  jobs?: number;
  /** Called as each program finishes (in completion order), e.g. for a progress line. */
  onResult?: (result: CompileResult, index: number) => void;
}

/**
 * Compiles many programs (each a source or a list of sources) `jobs` at a time; the results come
 * back in the order of `programs`. The PCH each needs is built once and shared. Never throws.
 * @example
 * const results = await compileMany(['a.cpp', 'b.cpp'], { std: 'c++17' });
 */
export async function compileMany(programs: (SourceInput | SourceInput[])[], rawOptions: CompileManyOptions = {}): Promise<CompileResult[]> {
  const { jobs: rawJobs, onResult, ...options } = rawOptions;
  if (options.output !== undefined && programs.length > 1) {
    const error = { code: 'ERR_INVALID_OPTION', message: 'Expected `output` only with one program, got ' + programs.length + ' programs' };
    return programs.map(() => ({ ok: false, kind: 'invalid-input', diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', message: error.message }], stderr: '', durationMs: 0, cached: false, command: '', error }));
  }
  let jobs = rawJobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) {
    const message = `Expected \`jobs\` to be a positive integer, got ${describeValue(rawJobs)}`;
    const error = { code: 'ERR_INVALID_OPTION', message };
    return programs.map(() => ({ ok: false, kind: 'invalid-input', diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', message }], stderr: '', durationMs: 0, cached: false, command: '', error }));
  }
  jobs = Math.min(jobs, Math.max(programs.length, 1));
  const results: CompileResult[] = new Array(programs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < programs.length) {
      const index = next++;
      const result = await compile(programs[index]!, options);
      results[index] = result;
      onResult?.(result, index);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return results;
}
