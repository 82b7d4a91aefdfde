import { accepted, type CheckResult } from './types.js';

/** Shows a token or line in a message, cut to keep messages short. */
function show(text: string | undefined): string {
  if (text === undefined) return 'end of output';
  const cut = text.length > 64 ? `${text.slice(0, 61)}...` : text;
  return `'${cut}'`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function splitTokens(text: string): string[] {
  return text.split(/\s+/).filter((token) => token !== '');
}

/** Byte for byte. */
export function compareExact(output: string, expected: string): CheckResult {
  if (output === expected) return accepted;
  let i = 0;
  while (i < output.length && output[i] === expected[i]) i++;
  return {
    verdict: 'WA',
    message: `outputs differ at character ${i + 1}: expected ${show(expected[i])}, found ${show(output[i])}`,
  };
}

/** Lines, with CRLF = LF, trailing spaces and trailing blank lines ignored. */
function splitLines(text: string): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function compareLines(output: string, expected: string): CheckResult {
  const got = splitLines(output);
  const want = splitLines(expected);
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i])
      return {
        verdict: 'WA',
        message: `${ordinal(i + 1)} lines differ - expected: ${show(want[i])}, found: ${show(got[i])}`,
      };
  }
  return accepted;
}

/** Whitespace-separated tokens, compared as strings (testlib's wcmp). */
export function compareTokens(output: string, expected: string): CheckResult {
  const got = splitTokens(output);
  const want = splitTokens(expected);
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (got[i] !== want[i])
      return {
        verdict: 'WA',
        message: `${ordinal(i + 1)} words differ - expected: ${show(want[i])}, found: ${show(got[i])}`,
      };
  }
  return accepted;
}

/** testlib's doubleCompare: absolute or relative error within eps; infinities and NaN only match themselves. */
export function closeEnough(expected: number, result: number, eps: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(result);
  if (!Number.isFinite(expected)) return expected === result;
  if (Number.isNaN(result) || !Number.isFinite(result)) return false;
  if (Math.abs(result - expected) <= eps + 1e-15) return true;
  const low = Math.min(expected * (1 - eps), expected * (1 + eps));
  const high = Math.max(expected * (1 - eps), expected * (1 + eps));
  return result + 1e-15 >= low && result - 1e-15 <= high;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;

/** Tokens; those that are numbers in the answer are compared with the tolerance (testlib's rcmp). */
export function compareFloats(output: string, expected: string, eps: number): CheckResult {
  const got = splitTokens(output);
  const want = splitTokens(expected);
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const a = want[i];
    const b = got[i];
    if (a === undefined || b === undefined)
      return { verdict: 'WA', message: `${ordinal(i + 1)} numbers differ - expected: ${show(a)}, found: ${show(b)}` };
    if (NUMBER.test(a)) {
      if (!NUMBER.test(b))
        return { verdict: 'WA', message: `${ordinal(i + 1)} token: expected a number ${show(a)}, found ${show(b)}` };
      if (
        !closeEnough(Number(a.replace(/inf(inity)?/i, 'Infinity')), Number(b.replace(/inf(inity)?/i, 'Infinity')), eps)
      ) {
        return {
          verdict: 'WA',
          message: `${ordinal(i + 1)} numbers differ - expected: ${show(a)}, found: ${show(b)}, error more than ${eps}`,
        };
      }
    } else if (a !== b) {
      return { verdict: 'WA', message: `${ordinal(i + 1)} words differ - expected: ${show(a)}, found: ${show(b)}` };
    }
  }
  return accepted;
}
