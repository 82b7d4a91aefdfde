import { compareExact, compareFloats, compareLines, compareTokens } from './compare-text.js';
import { prepareTestlibChecker, type TestlibCheckerOptions } from './testlib-checker.js';
import type { Checker, CheckerFunction, CheckerSpec, CheckResult } from './types.js';

function textChecker(compare: (output: Buffer, expected: Buffer) => CheckResult): Checker {
  // eslint-disable-next-line @typescript-eslint/require-await -- async so that a throwing compare rejects, as check() promises
  return { check: async (test) => compare(test.output, test.expected) };
}

function functionChecker(fn: CheckerFunction): Checker {
  return {
    async check(test) {
      try {
        const said = await fn(await test.input(), test.output.toString('utf8'), test.expected.toString('utf8'));
        if (said === true || said === 'AC') return { verdict: 'AC', message: '' };
        if (said === false || said === 'WA') return { verdict: 'WA', message: 'rejected by the checker' };
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a JS checker may return anything
        if (said && typeof said === 'object' && (said.verdict === 'AC' || said.verdict === 'WA'))
          return { verdict: said.verdict, message: said.message ?? '' };
        return {
          verdict: 'IE',
          message: `checker returned ${JSON.stringify(said)}, expected true, false, 'AC', 'WA' or { verdict }`,
        };
      } catch (error) {
        return {
          verdict: 'IE',
          message: `checker threw: ${(error as Partial<Error> | null | undefined)?.message ?? String(error)}`,
        };
      }
    },
  };
}

/** Turns a checker spec into a Checker; a problem with the checker itself comes back as an IE result. */
export async function resolveChecker(
  spec: CheckerSpec | undefined,
  testlib: TestlibCheckerOptions,
): Promise<Checker | CheckResult> {
  if (spec === undefined || spec === 'tokens') return textChecker(compareTokens);
  if (spec === 'exact') return textChecker(compareExact);
  if (spec === 'lines') return textChecker(compareLines);
  if (typeof spec === 'function') return functionChecker(spec);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers and untrusted data
  if (typeof spec === 'object' && spec !== null && 'float' in spec) {
    const eps = spec.float;
    if (typeof eps !== 'number' || !(eps >= 0))
      return {
        verdict: 'IE',
        message: `Expected \`checker.float\` to be a non-negative number, got \`${String(eps)}\``,
      };
    return textChecker((output, expected) => compareFloats(output, expected, eps));
  }
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers and untrusted data
  if (typeof spec === 'object' && spec !== null && 'testlib' in spec && typeof spec.testlib === 'string') {
    return prepareTestlibChecker(spec.testlib, testlib);
  }
  return {
    verdict: 'IE',
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value, as String() shows it
    message: `Expected \`checker\` to be 'tokens', 'exact', 'lines', { float }, { testlib } or a function, got \`${String(spec)}\``,
  };
}

export function isChecker(value: Checker | CheckResult): value is Checker {
  return 'check' in value;
}
