import type { CompileOptions } from '../../compile/index.js';
import type { Checker } from '../checkers/types.js';
import type { ValidatorProgram } from '../problem/types.js';
import { prepareValidator } from '../validators/prepare-validator.js';
import { packageInteraction } from './package-interaction.js';
import { prepareInteractor } from './prepare-interactor.js';
import { testlibInteraction } from './testlib-interaction.js';
import type { Interaction } from './interaction.js';

interface PrepareOptions {
  /** The judge's private dir: the interactor's binary, and a dir per test. */
  workDir: string;
  /** For compiling a C or C++ interactor (on the host: it is the problem's, trusted). */
  compileOptions?: CompileOptions;
  /** How long a package interactor's `build` script may take. @default 60 s */
  buildTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The interaction of an interactive problem, its interactor built once; or why not (the judge's IE).
 * `{ interactor, checker }`: a testlib interactor given to judge() (`interactor` option, `--interactor`),
 * with the checker to run after it when one was given. `{ program }`: a package's `custom interactive`
 * validation (loadProblem()'s `validation.program`), built as an output validator is (any of its languages).
 */
export async function prepareInteraction(
  spec: { interactor: string | readonly string[]; checker?: Checker } | { program: ValidatorProgram },
  options: PrepareOptions,
): Promise<Interaction | { error: string }> {
  if ('program' in spec) {
    const built = await prepareValidator(spec.program, {
      workDir: options.workDir,
      compileOptions: options.compileOptions ?? {},
      buildTimeoutMs: options.buildTimeoutMs ?? 60_000,
      role: 'interactor',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (built.kind === 'failed') return { error: built.message };
    return packageInteraction(built, options);
  }
  const files = typeof spec.interactor === 'string' ? [spec.interactor] : spec.interactor;
  if (!Array.isArray(files) || files.length === 0 || !files.every((file) => typeof file === 'string' && file !== ''))
    return { error: `Expected \`interactor\` to be a file path or a list of them, got \`${String(spec.interactor)}\`` };
  const built = await prepareInteractor(files, options);
  if ('error' in built) return built;
  return testlibInteraction(built.binary, {
    workDir: options.workDir,
    ...(spec.checker ? { checker: spec.checker } : {}),
  });
}
