import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedTest } from '../load-tests.js';
import { readFeedback } from '../problem/read-feedback.js';
import { interpretValidatorExit, outputValidatorArgs } from '../problem/validator-protocol.js';
import { connectInteractor } from './connect-interactor.js';
import { interactionVerdict, submissionStoppedReading } from './interaction-verdict.js';
import { interactorTimeoutMs, withTestDir, type Interaction } from './interaction.js';

/**
 * The ICPC problem package format's interactive protocol (`validation: custom interactive`):
 * `interactor input answer feedback_dir/ [validator flags]`, wired to the submission both ways; exit 42
 * accepts, 43 rejects, anything else is IE; judgemessage.txt (read without following links) is the message.
 * The feedback dir is the judge's private dir for the test, never the caller's cwd.
 */
export function packageInteraction(
  program: { path: string; args: string[] },
  options: { workDir: string },
): Interaction {
  return {
    runTest: (session, test: LoadedTest & { validatorFlags?: string[] }, limits) =>
      withTestDir(options.workDir, test, async (dir, files) => {
        const feedbackDir = join(dir, 'feedback');
        await mkdir(feedbackDir);
        const { run, interactor } = await connectInteractor(session, limits, {
          file: program.path,
          args: [...program.args, ...outputValidatorArgs({ ...files, feedbackDir }, test.validatorFlags ?? [])],
          cwd: dir,
          timeoutMs: interactorTimeoutMs(limits),
        });
        const judgement =
          submissionStoppedReading(interactor) ??
          interpretValidatorExit(interactor, await readFeedback(feedbackDir), 'interactor');
        return interactionVerdict(test.name, run, interactor, judgement);
      }),
  };
}
