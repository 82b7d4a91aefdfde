import { formatDuration } from '../shared/index.js';
import type { Result } from './types.js';

let lastRunNumber = 0;

/** One line to stderr; a closed or broken stderr must not break the run. */
function writeLine(line: string): void {
  try {
    process.stderr.write(`${line}\n`);
  } catch {
    // nowhere to log
  }
}

/**
 * `verbose: true` (or SAFERUN_VERBOSE=1): each command as it starts and how it ended, numbered so
 * that concurrent runs can be told apart. Returns the function that logs the end.
 */
export function logStart(command: string): (result: Result<unknown>) => void {
  const prefix = `[saferun ${++lastRunNumber}]`;
  writeLine(`${prefix} $ ${command}`);
  return (result) => {
    const took = formatDuration(Math.round(result.durationMs));
    writeLine(result.ok ? `${prefix} ✔ done in ${took}` : `${prefix} ✘ ${result.message} (after ${took})`);
  };
}
