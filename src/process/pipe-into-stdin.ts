import type { Readable, Writable } from 'node:stream';

/**
 * Pipes `source` into a child's stdin, and ends stdin however `source` ends: `pipe` ends it on
 * 'end' only, but a source that fails or is destroyed (even before this call) must end it too,
 * or the child waits for input forever. Once stdin closes, `source` keeps no listener of ours
 * (a stream can feed one run after another).
 */
export function pipeIntoStdin(source: Readable, stdin: Writable): void {
  const end = () => {
    if (!stdin.writableEnded) stdin.end();
  };
  if (source.readableEnded || source.destroyed) {
    end();
    return;
  }
  source.on('error', end);
  source.once('close', end);
  stdin.once('close', () => {
    source.off('error', end);
    source.off('close', end);
  });
  source.pipe(stdin);
}
