import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LimitSession } from '../../src/judge/executor/session.js';
import { isRoot } from '../../src/sandbox/index.js';
import { rlimitBackend } from '../../src/judge/executor/rlimit-backend.js';

// The run root is read once per module: point it at a private dir before the first session.
const runDir = mkdtempSync(join(tmpdir(), 'limit-session-'));
process.env.SAFERUN_RUN_DIR = runDir;
afterAll(() => rmSync(runDir, { recursive: true, force: true }));

describe('LimitSession.open', () => {
  // Only root copies the program into the session dir (it runs under another uid): that copy fails here.
  it.skipIf(!isRoot())('removes its session dir when preparing the program fails', async () => {
    const opening = LimitSession.open({
      helper: '/bin/true',
      program: join(runDir, 'missing', 'program'),
      sandbox: { kind: 'none' },
      backend: rlimitBackend(),
      inputDirs: [],
    });
    await expect(opening).rejects.toThrow(/ENOENT/);
    expect(readdirSync(runDir)).toEqual([]);
  });
});
