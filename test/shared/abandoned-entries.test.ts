import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findAbandonedEntries } from '../../src/shared/index.js';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('findAbandonedEntries', () => {
  it('lists the entries of processes that are gone, never a live one or its own', async () => {
    root = await mkdtemp(join(tmpdir(), 'saferun-abandoned-test-'));
    // A process that has exited and been reaped: its id names nothing now.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const names = [`x-${gone}-a`, `x-${process.pid}-b`, `x-${process.ppid}-c`, 'x-zero-d', 'other'];
    for (const name of names) await mkdir(join(root, name));
    expect(await findAbandonedEntries(root, /^x-(\d+)-/)).toEqual([join(root, `x-${gone}-a`)]);
  });

  it('lists nothing for a dir that does not exist', async () => {
    expect(await findAbandonedEntries('/nonexistent/saferun', /^x-(\d+)-/)).toEqual([]);
  });
});
