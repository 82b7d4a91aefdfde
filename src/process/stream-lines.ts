import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';

/**
 * An async iterator over the lines of a stream, ending when the stream closes. It listens from
 * the moment it is made (not from the first `next()`), so no line is lost in between, and it
 * ends at once on a stream that has already closed.
 */
export function streamLines(stream: Readable | null): AsyncIterableIterator<string> {
  const queue: string[] = [];
  let closed = stream === null || stream.closed || stream.destroyed;
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
    stop();
    notify();
  };
  const stop = () => {
    stream?.off('data', onData);
    stream?.off('close', onClose);
  };
  if (!closed) {
    stream!.on('data', onData);
    stream!.once('close', onClose);
  }
  const iterator: AsyncIterableIterator<string> = {
    async next(): Promise<IteratorResult<string>> {
      while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (wake = resolve));
      if (queue.length > 0) return { value: queue.shift()!, done: false };
      return { value: undefined, done: true };
    },
    return(): Promise<IteratorResult<string>> {
      stop();
      closed = true;
      queue.length = 0;
      notify();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
