import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../../src/shared/index.js';

describe('makeDirectory', () => {
  it('makes the missing dirs of a path, and accepts one that exists', async () => {
    const root = mkdtempSync(join(tmpdir(), 'saferun-mkdir-'));
    await makeDirectory(join(root, 'a', 'b', 'c'));
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    await makeDirectory(join(root, 'a', 'b'));
    rmSync(root, { recursive: true, force: true });
  });

  it("fails at once where a parent refuses children (Node's recursive mkdir spins for ever there)", async () => {
    await expect(makeDirectory('/proc/saferun/cache')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fails on a file in the way', async () => {
    const root = mkdtempSync(join(tmpdir(), 'saferun-mkdir-'));
    writeFileSync(join(root, 'file'), '');
    await expect(makeDirectory(join(root, 'file'))).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(makeDirectory(join(root, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    rmSync(root, { recursive: true, force: true });
  });
});
