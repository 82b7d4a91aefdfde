import { StringDecoder } from 'node:string_decoder';

/** Turns raw chunks into whole lines; a UTF-8 character split across chunks survives. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    const text = this.pending + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.onLine(stripCarriageReturn(line));
  }

  end(): void {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    if (rest !== '') this.onLine(stripCarriageReturn(rest));
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
