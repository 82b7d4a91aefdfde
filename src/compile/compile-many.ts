import { availableParallelism } from 'node:os';
import { describeValue, mapBounded } from '../shared/index.js';
import { compile } from './compile.js';
import { makeFailedResult } from './make-failed-result.js';
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
export async function compileMany(
  programs: (SourceInput | SourceInput[])[],
  rawOptions: CompileManyOptions = {},
): Promise<CompileResult[]> {
  const { jobs: rawJobs, onResult, ...options } = rawOptions;
  const refuse = (message: string): CompileResult[] =>
    programs.map(() => makeFailedResult('invalid-input', { code: 'ERR_INVALID_OPTION', message }, performance.now()));
  if (options.output !== undefined && programs.length > 1) {
    return refuse(`Expected \`output\` with one program only, got ${programs.length} programs`);
  }
  let jobs = rawJobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1)
    return refuse(`Expected \`jobs\` to be a positive integer, got ${describeValue(rawJobs)}`);
  jobs = Math.min(jobs, Math.max(programs.length, 1));
  const results = await mapBounded(programs, jobs, async (program, index) => {
    const result = await compile(program, options);
    try {
      onResult?.(result, index);
    } catch {
      // A progress callback that throws must not lose the other results.
    }
    return result;
  });
  return results as CompileResult[];
}
