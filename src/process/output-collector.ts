import { LineSplitter } from './line-splitter.js';

/** Keeps at most `maxBuffer` bytes of one stream; reports once when the limit is passed. */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  private overflowed = false;
  private stopped = false;
  private readonly lines: LineSplitter | undefined;

  /** `all`, when given, receives every byte kept here too, in arrival order across streams. */
  constructor(
    private readonly maxBuffer: number,
    private readonly onOverflow: () => void,
    onLine?: (line: string) => void,
    private readonly all?: OutputCollector,
  ) {
    this.lines = onLine ? new LineSplitter(onLine) : undefined;
  }

  push(chunk: Buffer): void {
    if (this.stopped) this.lines?.push(chunk);
    if (this.overflowed || this.stopped) return;
    const room = this.maxBuffer - this.length;
    if (chunk.length > room) {
      this.store(chunk.subarray(0, room));
      this.overflowed = true;
      this.onOverflow();
      return;
    }
    this.store(chunk);
  }

  /** Keeps nothing more, and only passes lines on: the stream now goes elsewhere (the next command of a pipeline, a stream). */
  stop(): void {
    this.stopped = true;
  }

  end(): void {
    this.lines?.end();
  }

  toBuffer(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
  }

  private store(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.all?.push(chunk);
    this.lines?.push(chunk);
  }
}

/** Decodes collected bytes as the caller asked; a trailing newline goes unless told otherwise. */
export function finishOutput(bytes: Buffer, encoding: 'utf8' | 'buffer', stripFinalNewline: boolean): string | Buffer {
  let end = bytes.length;
  if (stripFinalNewline && end > 0 && bytes[end - 1] === 0x0a) {
    end -= end > 1 && bytes[end - 2] === 0x0d ? 2 : 1;
  }
  const kept = end === bytes.length ? bytes : bytes.subarray(0, end);
  return encoding === 'buffer' ? kept : kept.toString('utf8');
}
