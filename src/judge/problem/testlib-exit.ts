import type { CheckResult } from '../checkers/types.js';
import type { ProgramExit } from './validator-protocol.js';

/** testlib.h's exit codes (without EJUDGE or TESTSYS). */
const TESTLIB_EXIT = { ok: 0, wa: 1, pe: 2, fail: 3, dirt: 4, points: 7, unexpectedEof: 8 } as const;

/**
 * What a testlib checker or interactor's exit means: 0 AC; 1 WA; 2 (presentation error), 4 (extra
 * output) and 8 (unexpected end of file) are WA with the reason; 7 is partial credit, with `points`
 * read from its message (`points 0.5 ...`); 3 (the checker failed), any other code and any signal are IE,
 * never the submission's fault. `message` is what it printed (its stderr).
 */
export function interpretTestlibExit(
  exit: ProgramExit,
  message: string,
  role = 'checker',
): CheckResult & { points?: number } {
  const said = message.trim();
  const withReason = (reason: string) => (said ? `${reason}: ${said}` : reason);
  if (exit.signal !== null || exit.exitCode === null) {
    const how = exit.signal ? `was killed by ${exit.signal}` : 'did not exit';
    return { verdict: 'IE', message: withReason(`${role} ${how}`) };
  }
  switch (exit.exitCode) {
    case TESTLIB_EXIT.ok:
      return { verdict: 'AC', message: said };
    case TESTLIB_EXIT.wa:
      return { verdict: 'WA', message: said || 'wrong answer' };
    case TESTLIB_EXIT.pe:
      return { verdict: 'WA', message: withReason('presentation error') };
    case TESTLIB_EXIT.dirt:
      return { verdict: 'WA', message: withReason('extra output') };
    case TESTLIB_EXIT.unexpectedEof:
      return { verdict: 'WA', message: withReason('unexpected end of file') };
    case TESTLIB_EXIT.fail:
      return { verdict: 'IE', message: withReason(`${role} failed`) };
    case TESTLIB_EXIT.points: {
      // testlib's quitp() prints `points VALUE message`.
      const value = /^points\s+([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(said)?.[1];
      if (value === undefined) return { verdict: 'IE', message: withReason(`${role} gave points without a number`) };
      return { verdict: 'AC', message: said, points: Number(value) };
    }
    default:
      return { verdict: 'IE', message: withReason(`${role} exited with code ${exit.exitCode}`) };
  }
}
