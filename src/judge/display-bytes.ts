import { Buffer } from 'node:buffer';
import { isUtf8 } from 'node:buffer';

/** A string as its UTF-8 bytes, bytes as they are (no copy). */
export function toBytes(text: string | Uint8Array): Buffer {
  return typeof text === 'string'
    ? Buffer.from(text, 'utf8')
    : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!;
  const [length, min] =
    lead < 0x80
      ? [1, 0]
      : lead < 0xc2
        ? [0, 0]
        : lead < 0xe0
          ? [2, 0x80]
          : lead < 0xf0
            ? [3, 0x800]
            : lead < 0xf5
              ? [4, 0x10000]
              : [0, 0];
  if (length <= 1) return length;
  if (i + length > bytes.length) return 0;
  let code = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const next = bytes[i + k]!;
    if ((next & 0xc0) !== 0x80) return 0;
    code = (code << 6) | (next & 0x3f);
  }
  return code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? 0 : length;
}

/**
 * Bytes as text for people to read: valid UTF-8 as it is, each invalid byte as `\xHH`, so that two
 * different invalid outputs never look the same. Only for display: comparisons use the bytes.
 */
export function displayBytes(bytes: Uint8Array): string {
  const buffer = toBytes(bytes);
  if (isUtf8(buffer)) return buffer.toString('utf8');
  let text = '';
  let start = 0;
  for (let i = 0; i < buffer.length;) {
    const length = sequenceLength(buffer, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += `${buffer.toString('utf8', start, i)}\\x${buffer[i]!.toString(16).padStart(2, '0')}`;
    start = ++i;
  }
  return text + buffer.toString('utf8', start);
}
