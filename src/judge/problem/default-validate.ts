import type { CheckResult } from '../checkers/types.js';
import { FLOAT_TOKEN, type DefaultValidatorFlags } from './validator-flags.js';

// Whitespace of the package format (and C's isspace): space, \t, \n, \v, \f, \r.
function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

const SPACE_NAMES: Record<number, string> = {
  0x20: 'space',
  0x09: 'tab',
  0x0a: 'newline',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x0d: 'carriage return',
};

/** `a newline`, `the end of the output`, `'x'`. */
function describeByte(byte: number | undefined): string {
  if (byte === undefined) return 'the end of the output';
  const name = SPACE_NAMES[byte];
  if (name) return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
  return show(Uint8Array.of(byte));
}

/** A token as messages show it: decoded for people, control bytes escaped, cut to 64 characters. */
function show(bytes: Uint8Array): string {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.length > 64) text = `${text.slice(0, 61)}...`;
  // eslint-disable-next-line no-control-regex -- control bytes are exactly what must be made visible
  return `'${text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/** A token: its side's bytes and where it starts and ends. */
interface Token {
  bytes: Buffer;
  start: number;
  end: number;
}

function equalTokens(a: Token, b: Token, caseSensitive: boolean): boolean {
  const length = a.end - a.start;
  if (length !== b.end - b.start) return false;
  for (let i = 0; i < length; i++) {
    let x = a.bytes[a.start + i]!;
    let y = b.bytes[b.start + i]!;
    if (x === y) continue;
    if (caseSensitive) return false;
    // ASCII letters only, as strcasecmp in the C locale.
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x !== y) return false;
  }
  return true;
}

/** A finite float in the package format's syntax, or undefined. */
function parseFloatToken(token: Token): number | undefined {
  const text = token.bytes.toString('latin1', token.start, token.end);
  if (!FLOAT_TOKEN.test(text)) return undefined;
  const value = Number(text);
  // Kattis' validator: a token that overflows to infinity is not a float.
  return Number.isFinite(value) ? value : undefined;
}

/** Where each side is: byte offset and line number (from 1). */
interface Cursor {
  bytes: Buffer;
  at: number;
  line: number;
}

/** The token at the cursor (the cursor is on a non-space byte). */
function tokenAt(cursor: Cursor): Token {
  let end = cursor.at;
  while (end < cursor.bytes.length && !isSpace(cursor.bytes[end]!)) end++;
  return { bytes: cursor.bytes, start: cursor.at, end };
}

function showToken(token: Token): string {
  return show(token.bytes.subarray(token.start, token.end));
}

// A view, not a copy: Buffer's latin1 decoding works on ranges.
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function rejectAt(output: Cursor, answer: Cursor, detail: string): CheckResult {
  const where =
    output.line === answer.line
      ? `line ${output.line}`
      : `line ${output.line} of the output (line ${answer.line} of the answer)`;
  return { verdict: 'WA', message: `Wrong answer on ${where}: ${detail}` };
}

/** Six significant digits; tiny and huge values in exponent form (`1e-6`, not `0.000001`). */
function formatNumber(value: number): string {
  const rounded = Number(value.toPrecision(6));
  const size = Math.abs(rounded);
  return size !== 0 && (size < 1e-3 || size >= 1e9) ? rounded.toExponential().replace('e+', 'e') : String(rounded);
}

function compareFloats(expected: number, got: number, flags: DefaultValidatorFlags): string | undefined {
  const difference = Math.abs(expected - got);
  const absolute = flags.floatAbsoluteTolerance;
  const relative = flags.floatRelativeTolerance;
  if (absolute !== undefined && difference <= absolute) return undefined;
  if (relative !== undefined && difference <= relative * Math.abs(expected)) return undefined;
  const tolerances = [
    absolute === undefined ? '' : `absolute ${formatNumber(absolute)}`,
    relative === undefined ? '' : `relative ${formatNumber(relative)}`,
  ].filter((part) => part !== '');
  return `difference ${formatNumber(difference)} is over the tolerance (${tolerances.join(', ')})`;
}

/**
 * The default output validator of the ICPC problem package format, over bytes: tokens split on ASCII
 * whitespace and compared one by one, case-insensitively unless `caseSensitive`; with a float tolerance,
 * an answer token that is a number matches an output number within it (absolute or relative to the
 * answer). `spaceChangeSensitive` makes every whitespace byte count. Behaves as Kattis' default
 * validator (and DOMjudge's compare, which is derived from it), with messages such as
 * `Wrong answer on line 3: expected '7', got '8'`.
 */
export function defaultValidate(
  output: Uint8Array,
  answer: Uint8Array,
  flags: DefaultValidatorFlags = {},
): CheckResult {
  const out: Cursor = { bytes: asBuffer(output), at: 0, line: 1 };
  const ans: Cursor = { bytes: asBuffer(answer), at: 0, line: 1 };
  const useFloats = flags.floatAbsoluteTolerance !== undefined || flags.floatRelativeTolerance !== undefined;
  let tokens = 0;
  for (;;) {
    while (ans.at < answer.length && isSpace(answer[ans.at]!)) {
      const expected = answer[ans.at]!;
      if (flags.spaceChangeSensitive) {
        const got = output[out.at];
        if (got !== expected) return rejectAt(out, ans, `expected ${describeByte(expected)}, got ${describeByte(got)}`);
        if (got === 0x0a) out.line++;
        out.at++;
      }
      if (expected === 0x0a) ans.line++;
      ans.at++;
    }
    while (out.at < output.length && isSpace(output[out.at]!)) {
      if (flags.spaceChangeSensitive)
        return rejectAt(out, ans, `extra ${SPACE_NAMES[output[out.at]!]!}: the answer has no more whitespace here`);
      if (output[out.at] === 0x0a) out.line++;
      out.at++;
    }
    if (ans.at >= answer.length) break;
    const expected = tokenAt(ans);
    if (out.at >= output.length) {
      const ended =
        tokens > 0 ? 'the output ended' : output.length === 0 ? 'the output is empty' : 'the output has no tokens';
      return rejectAt(out, ans, `${ended}, expected ${showToken(expected)}`);
    }
    const got = tokenAt(out);
    const expectedNumber = useFloats ? parseFloatToken(expected) : undefined;
    if (expectedNumber !== undefined) {
      const gotNumber = parseFloatToken(got);
      if (gotNumber === undefined)
        return rejectAt(out, ans, `expected a number like ${showToken(expected)}, got ${showToken(got)}`);
      const why = compareFloats(expectedNumber, gotNumber, flags);
      if (why) return rejectAt(out, ans, `expected ${showToken(expected)}, got ${showToken(got)}: ${why}`);
    } else if (!equalTokens(expected, got, flags.caseSensitive === true)) {
      return rejectAt(out, ans, `expected ${showToken(expected)}, got ${showToken(got)}`);
    }
    ans.at = expected.end;
    out.at = got.end;
    tokens++;
  }
  if (out.at < output.length) {
    return rejectAt(out, ans, `trailing output after the answer ended: ${showToken(tokenAt(out))}`);
  }
  return { verdict: 'AC', message: '' };
}
