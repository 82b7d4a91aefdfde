import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';

/** An async iterator over the lines of a stream; ends when the stream closes. */
export async function* streamLines(stream: Readable | null): AsyncIterableIterator<string> {
  if (!stream) return;
  const queue: string[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const splitter = new LineSplitter((line) => queue.push(line));
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const onData = (chunk: Buffer) => {
    splitter.push(chunk);
    notify();
  };
  const onClose = () => {
    splitter.end();
    closed = true;
    notify();
  };
  stream.on('data', onData);
  stream.once('close', onClose);
  try {
    while (true) {
      if (queue.length > 0) yield queue.shift()!;
      else if (closed) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off('data', onData);
    stream.off('close', onClose);
  }
}
