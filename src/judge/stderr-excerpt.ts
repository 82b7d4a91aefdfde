/** Bytes of stderr a test result keeps: enough for a traceback's last lines or a JVM's error. */
const STDERR_SHOWN_BYTES = 1024;

/**
 * The start of a run's stderr (already text for display, invalid bytes as `\xHH`) for a test result:
 * at most STDERR_SHOWN_BYTES of UTF-8, cut between characters and never inside a `\xHH` escape.
 */
export function excerptStderr(stderr: string): string {
  if (Buffer.byteLength(stderr) <= STDERR_SHOWN_BYTES) return stderr;
  let end = 0;
  let bytes = 0;
  for (const char of stderr) {
    bytes += Buffer.byteLength(char);
    if (bytes > STDERR_SHOWN_BYTES) break;
    end += char.length;
  }
  // An escape cut short would show a different byte.
  const escape = /\\x[0-9a-f]?$/.exec(stderr.slice(Math.max(0, end - 3), end));
  return stderr.slice(0, escape ? end - escape[0].length : end);
}
