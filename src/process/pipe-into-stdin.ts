import type { Readable, Writable } from 'node:stream';

/**
 * Pipes `source` into a child's stdin, and ends stdin however `source` ends: `pipe` ends it on
 * 'end' only, but a source that fails or is destroyed (even before this call) must end it too,
 * or the child waits for input forever.
 */
export function pipeIntoStdin(source: Readable, stdin: Writable): void {
  const end = () => {
    if (!stdin.writableEnded) stdin.end();
  };
  source.on('error', end);
  if (source.readableEnded || source.destroyed) {
    end();
    return;
  }
  source.pipe(stdin);
  source.once('close', end);
}
