/**
 * Wraps an `onStdout` / `onStderr` callback so that its exception can neither crash the process
 * (it would be thrown from a stream event, past any try/catch) nor escape a sync call. The first
 * exception is reported once as a process warning, and the callback is not called again for
 * that run; the run itself goes on and ends in its usual result.
 */
export function guardLineCallback(
  name: 'onStdout' | 'onStderr',
  callback: ((line: string) => void) | undefined,
  command: string,
): ((line: string) => void) | undefined {
  if (!callback) return undefined;
  let failed = false;
  return (line) => {
    if (failed) return;
    try {
      callback(line);
    } catch (error) {
      failed = true;
      const reason = error instanceof Error ? error.message : String(error);
      process.emitWarning(`\`${name}\` threw (${reason}); it is not called again for \`${command}\``, {
        code: 'SAFERUN_CALLBACK_ERROR',
        detail: error instanceof Error ? error.stack : undefined,
      });
    }
  };
}
