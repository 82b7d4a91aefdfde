// Control characters in a file name (a newline, an escape) would forge lines or colours in a
// terminal or a CI log: they print as escapes.
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A file name as text output shows it: `a\nb.cpp` prints as `a\\nb.cpp`, on one line. */
export function showName(name: string): string {
  return name.replace(CONTROL, (char) => NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
