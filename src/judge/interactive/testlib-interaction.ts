import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Checker, CheckResult } from '../checkers/types.js';
import { readExpected, readInput } from '../load-tests.js';
import { interpretTestlibExit } from '../problem/testlib-exit.js';
import { connectInteractor } from './connect-interactor.js';
import { interactionVerdict, submissionStoppedReading } from './interaction-verdict.js';
import { interactorTimeoutMs, withTestDir, type Interaction } from './interaction.js';

/**
 * testlib's interactive protocol: `interactor input output`, its stdin the submission's stdout and its stdout
 * the submission's stdin. Exit 0 accepts, 1 and 2 (presentation error) reject, 3 (it failed) and anything
 * else is IE. When a checker is given, it then judges the interactor's output file (as the program's output)
 * against the test's answer.
 */
export function testlibInteraction(binary: string, options: { workDir: string; checker?: Checker }): Interaction {
  return {
    runTest: (session, test, limits) =>
      withTestDir(options.workDir, test, async (dir, files) => {
        const output = join(dir, 'output');
        const { run, interactor } = await connectInteractor(session, limits, {
          file: binary,
          args: [files.input, output],
          cwd: dir,
          timeoutMs: interactorTimeoutMs(limits),
        });
        let judgement: CheckResult =
          submissionStoppedReading(interactor) ?? interpretTestlibExit(interactor, interactor.stderr, 'interactor');
        if (judgement.verdict === 'AC' && run.kind === 'ok' && options.checker) {
          const written = await readFile(output).catch(() => Buffer.alloc(0));
          judgement = await options.checker.check({
            input: () => readInput(test),
            inputFile: files.input,
            expectedFile: files.answer,
            expected: await readExpected(test),
            output: written,
            outputFile: output,
          });
        }
        return interactionVerdict(test.name, run, interactor, judgement);
      }),
  };
}
