import { access, constants } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compile, isCppSource, type CompileOptions } from '../../compile/index.js';
import { firstCompileError } from '../languages/outcome-of-compile.js';

let prepared = 0;

/**
 * The interactor's binary: C and C++ sources are compiled with compile() on the host (the problem's program
 * is trusted, like a testlib checker; the result cache makes a re-judge skip the compiler); anything else
 * must be an executable. A problem with it is the judge's IE message, never the submission's fault.
 */
export async function prepareInteractor(
  sources: readonly string[],
  options: { workDir: string; compileOptions?: CompileOptions },
): Promise<{ binary: string } | { error: string }> {
  const first = sources[0];
  if (first === undefined) return { error: 'the interactor has no files' };
  if (sources.every((file) => isCppSource(file) || file.endsWith('.c') || /\.(h|hpp)$/.test(file))) {
    const output = join(options.workDir, `interactor-${++prepared}`);
    const compiled = await compile([...sources.filter((file) => !/\.(h|hpp)$/.test(file))], {
      ...options.compileOptions,
      output,
    });
    if (compiled.ok && compiled.binary) return { binary: compiled.binary };
    return { error: `the interactor ${first} did not compile: ${firstCompileError(compiled)}` };
  }
  if (sources.length > 1) return { error: `the interactor ${first}: only C and C++ sources can be several files` };
  try {
    await access(first, constants.X_OK);
    // The interactor runs in a dir of its own for each test.
    return { binary: resolve(first) };
  } catch (error) {
    return {
      error: `the interactor ${first} is neither a C/C++ source nor an executable (${(error as NodeJS.ErrnoException).code ?? 'unknown'})`,
    };
  }
}
