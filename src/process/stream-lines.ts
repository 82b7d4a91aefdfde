import type { Readable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';

/**
 * An async iterator over the lines of a stream, ending when the stream closes. It listens from
 * the moment it is made (not from the first `next()`), so no line is lost in between, and it
 * ends at once on a stream that has already closed. Calls to `next()` that overlap (not awaited
 * one by one) are answered in order, each with its own line.
 */
export function streamLines(stream: Readable | null): AsyncIterableIterator<string> {
  const lines: string[] = [];
  const waiting: ((result: IteratorResult<string>) => void)[] = [];
  let closed = stream === null || stream.closed || stream.destroyed;
  const splitter = new LineSplitter((line) => lines.push(line));
  // Hands lines to waiting readers in order; once closed, the rest get `done`.
  const serve = () => {
    while (waiting.length > 0 && lines.length > 0) waiting.shift()!({ value: lines.shift()!, done: false });
    if (closed) while (waiting.length > 0) waiting.shift()!({ value: undefined, done: true });
  };
  const onData = (chunk: Buffer) => {
    splitter.push(chunk);
    serve();
  };
  const onClose = () => {
    splitter.end();
    closed = true;
    stop();
    serve();
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
    next(): Promise<IteratorResult<string>> {
      return new Promise((resolve) => {
        waiting.push(resolve);
        serve();
      });
    },
    return(): Promise<IteratorResult<string>> {
      stop();
      closed = true;
      lines.length = 0;
      serve();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
