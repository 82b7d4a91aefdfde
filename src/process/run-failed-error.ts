import type { Buffer } from 'node:buffer';
import { SaferunError } from '../shared/index.js';
import type { Result } from './types.js';

const TAIL_LINES = 20;
const TAIL_CHARS = 4000;

/** The last lines of stderr, where a failing command says why. */
function tailOf(stderr: string | Buffer): string {
  const text = (typeof stderr === 'string' ? stderr : stderr.toString('utf8')).trimEnd();
  const lines = text.split('\n');
  const tail = lines.slice(-TAIL_LINES).join('\n');
  return tail.length > TAIL_CHARS ? `…${tail.slice(-TAIL_CHARS)}` : tail;
}

/**
 * What `throwOnError: true` rejects with (throws, in the sync forms): the result's one-line
 * message, then the tail of stderr; the whole result is in `error.result`.
 * @example
 * try { await run('make test', { throwOnError: true }); }
 * catch (error) { if (error instanceof RunFailedError) console.log(error.result.exitCode); }
 */
export class RunFailedError<Output = string | Buffer> extends SaferunError {
  override name = 'RunFailedError';

  constructor(readonly result: Exclude<Result<Output>, { ok: true }>) {
    const tail = tailOf(result.stderr as string | Buffer);
    super('ERR_RUN_FAILED', tail === '' ? result.message : `${result.message}\n${tail}`);
  }
}

/**
 * The first result of a run (or a pipeline, earlier commands first) that is not ok, less the
 * earlier ones `excused`, and less the run's own when it does not `count`.
 */
export function firstFailure<Output>(
  result: Result<Output>,
  excused: (index: number) => boolean = () => false,
  count = true,
): Exclude<Result<unknown>, { ok: true }> | undefined {
  const earlier = (result.pipedFrom ?? []).find((stage, index) => !stage.ok && !excused(index));
  if (earlier && !earlier.ok) return earlier;
  return result.ok || !count ? undefined : result;
}
