// Text from a program under test (its output, stderr, a validator's message quoting it) must never
// drive the terminal it is printed to: no escape sequences, no bidirectional overrides.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Control characters (but newline and tab), C1 controls and bidi marks as `\xHH` / `\u{HHHH}`. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** The same value with every string in it escaped for the terminal (a report, before it is formatted). */
export function escapeStringsForTerminal<T>(value: T): T {
  if (typeof value === 'string') return escapeForTerminal(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => escapeStringsForTerminal(item)) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escapeStringsForTerminal(item)])) as T;
  }
  return value;
}

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A file name on one line: also newline, carriage return and tab escaped (`a\nb.cpp` prints as `a\\nb.cpp`). */
export function escapeNameForTerminal(name: string): string {
  return escapeForTerminal(name.replace(/[\n\r\t]/g, (char) => NAMED[char]!));
}
