import type { CompileOptions } from '../../compile/index.js';
import type { Checker } from '../checkers/types.js';
import type { Problem } from '../problem/types.js';
import type { Interaction } from './interaction.js';
import { prepareInteraction } from './prepare-interaction.js';

/** The checker of a package whose interactor judges: never called (each test runs through the interaction). */
export const INTERACTOR_JUDGES: Checker = {
  check: () => Promise.resolve({ verdict: 'IE', message: 'an interactive problem is judged by its interactor' }),
};

/**
 * The interaction a judged problem needs, if any: a package's own interactor (`validation: custom
 * interactive`), or the request's testlib `interactor` on a plain tests dir or inline tests (with the
 * request's checker after it, when one was given). Why not, as the judge's IE message.
 */
export async function resolveInteraction(
  problem: Problem,
  request: { interactor?: string | readonly string[]; checker?: unknown },
  checker: Checker,
  options: { workDir: string; compileOptions?: CompileOptions; buildTimeoutMs: number; signal?: AbortSignal },
): Promise<Interaction | { error: string } | undefined> {
  const { validation } = problem;
  if (request.interactor !== undefined && problem.kind === 'package')
    return {
      error: "the `interactor` option is for a plain tests dir: a package's problem.yaml says how it is judged",
    };
  if (validation.kind === 'interactive') return prepareInteraction({ program: validation.program }, options);
  if (request.interactor === undefined) return undefined;
  return prepareInteraction(
    { interactor: request.interactor, ...(request.checker === undefined ? {} : { checker }) },
    options,
  );
}
