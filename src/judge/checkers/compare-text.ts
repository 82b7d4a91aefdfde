import { displayBytes, toBytes } from '../display-bytes.js';
import { accepted, type CheckResult } from './types.js';

/** A program's output or an answer: bytes (compared as bytes), or a string (its UTF-8 bytes). */
type Text = string | Uint8Array;

/** Shows a token or line in a message, cut to keep messages short; invalid UTF-8 as `\xHH`. */
function show(bytes: Uint8Array | undefined): string {
  if (bytes === undefined) return 'end of output';
  const text = displayBytes(bytes.length > 64 ? bytes.subarray(0, 61) : bytes);
  return `'${text}${bytes.length > 64 ? '...' : ''}'`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** ASCII white space, as testlib and C's isspace see it: space, \t, \n, \v, \f, \r. No Unicode spaces. */
function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

// Tokens and lines come one at a time, never all at once: 64 MB of "1 " are 32 million tokens, which
// as an array cost the judge gigabytes and most of a minute (fixtures/judge/adversarial/token-flood.cpp).
function* tokensOf(bytes: Buffer): Generator<Buffer, undefined> {
  let i = 0;
  for (;;) {
    while (i < bytes.length && isAsciiSpace(bytes[i]!)) i++;
    if (i === bytes.length) return undefined;
    const start = i;
    while (i < bytes.length && !isAsciiSpace(bytes[i]!)) i++;
    yield bytes.subarray(start, i);
  }
}

/** The answer's items beside the output's, numbered from 1, until both end (the shorter gives undefined). */
function* side(want: Iterator<Buffer, undefined>, got: Iterator<Buffer, undefined>) {
  for (let i = 1; ; i++) {
    const a = want.next().value;
    const b = got.next().value;
    if (a === undefined && b === undefined) return;
    yield [i, a, b] as const;
  }
}

function same(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && Buffer.compare(a, b) === 0;
}

/** Byte for byte. */
export function compareExact(output: Text, expected: Text): CheckResult {
  const got = toBytes(output);
  const want = toBytes(expected);
  if (got.equals(want)) return accepted;
  let i = 0;
  while (i < got.length && got[i] === want[i]) i++;
  const at = (bytes: Buffer) => (i < bytes.length ? bytes.subarray(i, i + 1) : undefined);
  return {
    verdict: 'WA',
    message: `outputs differ at byte ${i + 1}: expected ${show(at(want))}, found ${show(at(got))}`,
  };
}

/** Lines without their trailing spaces and tabs, and without the blank lines at the end; CRLF is one end of line. */
function* linesOf(bytes: Buffer): Generator<Buffer, undefined> {
  let length = bytes.length;
  while (length > 0 && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[length - 1]!)) length--;
  let start = 0;
  for (let i = 0; i <= length && length > 0; i++) {
    if (i < length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) continue;
    let end = i;
    while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
    yield bytes.subarray(start, end);
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) i++;
    start = i + 1;
  }
  return undefined;
}

/** Lines, with CRLF = LF, trailing spaces and tabs and trailing blank lines ignored. */
export function compareLines(output: Text, expected: Text): CheckResult {
  for (const [i, a, b] of side(linesOf(toBytes(expected)), linesOf(toBytes(output)))) {
    if (!same(a, b))
      return { verdict: 'WA', message: `${ordinal(i)} lines differ - expected: ${show(a)}, found: ${show(b)}` };
  }
  return accepted;
}

/** Tokens separated by ASCII white space, compared as bytes (testlib's wcmp). */
export function compareTokens(output: Text, expected: Text): CheckResult {
  for (const [i, a, b] of side(tokensOf(toBytes(expected)), tokensOf(toBytes(output)))) {
    if (!same(a, b))
      return { verdict: 'WA', message: `${ordinal(i)} words differ - expected: ${show(a)}, found: ${show(b)}` };
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

/** A token as a number when it is one (ASCII only: latin1 keeps every other byte from matching). */
function asNumber(token: Buffer): number | undefined {
  const text = token.toString('latin1');
  return NUMBER.test(text) ? Number(text.replace(/inf(inity)?/i, 'Infinity')) : undefined;
}

/** Tokens; those that are numbers in the answer are compared with the tolerance (testlib's rcmp). */
export function compareFloats(output: Text, expected: Text, eps: number): CheckResult {
  for (const [i, a, b] of side(tokensOf(toBytes(expected)), tokensOf(toBytes(output)))) {
    if (a === undefined || b === undefined)
      return { verdict: 'WA', message: `${ordinal(i)} numbers differ - expected: ${show(a)}, found: ${show(b)}` };
    const expectedNumber = asNumber(a);
    if (expectedNumber !== undefined) {
      const found = asNumber(b);
      if (found === undefined)
        return { verdict: 'WA', message: `${ordinal(i)} token: expected a number ${show(a)}, found ${show(b)}` };
      if (!closeEnough(expectedNumber, found, eps)) {
        return {
          verdict: 'WA',
          message: `${ordinal(i)} numbers differ - expected: ${show(a)}, found: ${show(b)}, error more than ${eps}`,
        };
      }
    } else if (!same(a, b)) {
      return { verdict: 'WA', message: `${ordinal(i)} words differ - expected: ${show(a)}, found: ${show(b)}` };
    }
  }
  return accepted;
}
