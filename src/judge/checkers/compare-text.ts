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

function splitTokens(bytes: Buffer): Buffer[] {
  const tokens: Buffer[] = [];
  let start = -1;
  for (let i = 0; i <= bytes.length; i++) {
    const space = i === bytes.length || isAsciiSpace(bytes[i]!);
    if (space && start >= 0) {
      tokens.push(bytes.subarray(start, i));
      start = -1;
    } else if (!space && start < 0) {
      start = i;
    }
  }
  return tokens;
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

/** Lines, with CRLF = LF, trailing spaces and tabs and trailing blank lines ignored. */
function splitLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) continue;
    let end = i;
    while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
    lines.push(bytes.subarray(start, end));
    if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) i++;
    start = i + 1;
  }
  while (lines.length > 0 && lines[lines.length - 1]!.length === 0) lines.pop();
  return lines;
}

export function compareLines(output: Text, expected: Text): CheckResult {
  const got = splitLines(toBytes(output));
  const want = splitLines(toBytes(expected));
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (!same(got[i], want[i]))
      return {
        verdict: 'WA',
        message: `${ordinal(i + 1)} lines differ - expected: ${show(want[i])}, found: ${show(got[i])}`,
      };
  }
  return accepted;
}

/** Tokens separated by ASCII white space, compared as bytes (testlib's wcmp). */
export function compareTokens(output: Text, expected: Text): CheckResult {
  const got = splitTokens(toBytes(output));
  const want = splitTokens(toBytes(expected));
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (!same(got[i], want[i]))
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

/** A token as a number when it is one (ASCII only: latin1 keeps every other byte from matching). */
function asNumber(token: Buffer): number | undefined {
  const text = token.toString('latin1');
  return NUMBER.test(text) ? Number(text.replace(/inf(inity)?/i, 'Infinity')) : undefined;
}

/** Tokens; those that are numbers in the answer are compared with the tolerance (testlib's rcmp). */
export function compareFloats(output: Text, expected: Text, eps: number): CheckResult {
  const got = splitTokens(toBytes(output));
  const want = splitTokens(toBytes(expected));
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const a = want[i];
    const b = got[i];
    if (a === undefined || b === undefined)
      return { verdict: 'WA', message: `${ordinal(i + 1)} numbers differ - expected: ${show(a)}, found: ${show(b)}` };
    const expectedNumber = asNumber(a);
    if (expectedNumber !== undefined) {
      const found = asNumber(b);
      if (found === undefined)
        return { verdict: 'WA', message: `${ordinal(i + 1)} token: expected a number ${show(a)}, found ${show(b)}` };
      if (!closeEnough(expectedNumber, found, eps)) {
        return {
          verdict: 'WA',
          message: `${ordinal(i + 1)} numbers differ - expected: ${show(a)}, found: ${show(b)}, error more than ${eps}`,
        };
      }
    } else if (!same(a, b)) {
      return { verdict: 'WA', message: `${ordinal(i + 1)} words differ - expected: ${show(a)}, found: ${show(b)}` };
    }
  }
  return accepted;
}
