import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from '../../src/process/index.js';
import { readRegularFile } from '../../src/shared/index.js';

const dir = mkdtempSync(join(tmpdir(), 'saferun-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readRegularFile', () => {
  it('reads a small file and a large one (past the at-once size) whole, byte for byte', async () => {
    const small = join(dir, 'small');
    writeFileSync(small, '3\n');
    expect(await readRegularFile(small)).toEqual(Buffer.from('3\n'));
    const large = join(dir, 'large');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(large, bytes);
    expect((await readRegularFile(large)).equals(bytes)).toBe(true);
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    expect(await readRegularFile(empty)).toHaveLength(0);
  });

  it('reads at most `limit` bytes', async () => {
    const file = join(dir, 'limited');
    writeFileSync(file, 'abcdef');
    expect((await readRegularFile(file, { limit: 4 })).toString()).toBe('abcd');
    const large = join(dir, 'large-limited');
    writeFileSync(large, Buffer.alloc(1024 * 1024, 1));
    expect(await readRegularFile(large, { limit: 300 * 1024 })).toHaveLength(300 * 1024);
  });

  it('refuses a FIFO at once instead of waiting for a writer, and a dir', async () => {
    const fifo = join(dir, 'fifo');
    expect(await execFile('mkfifo', [fifo])).toMatchObject({ ok: true });
    await expect(readRegularFile(fifo)).rejects.toMatchObject({ code: 'EINVAL' });
    await expect(readRegularFile(dir)).rejects.toMatchObject({ code: 'EINVAL' });
  });

  it('follows a link unless told not to (ELOOP), and says when the file is missing', async () => {
    const target = join(dir, 'target');
    const link = join(dir, 'link');
    writeFileSync(target, 'secret');
    symlinkSync(target, link);
    expect((await readRegularFile(link)).toString()).toBe('secret');
    await expect(readRegularFile(link, { noFollow: true })).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(readRegularFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
