import { describe, expect, it } from 'vitest';
import { execFile, run, spawn } from '../../src/process/index.js';
import { isAlive, killQuietly, openFdCount, waitUntil, zombieChildren } from '../helpers/processes.js';

// The fixture imports dist/: `npm test` builds it first (pretest).
const parentScript = 'fixtures/process/parent-with-child.mjs';

async function startParent(mode: 'exit' | 'wait') {
  const parent = spawn(process.execPath, [parentScript, mode]);
  const first = await parent.lines().next();
  const childPid = Number(/^child (\d+)$/.exec(String(first.value))?.[1]);
  return { parent, childPid };
}

describe('lifecycle', () => {
  it('when the parent exits normally, its running children are killed', async () => {
    const { parent, childPid } = await startParent('exit');
    expect(childPid).toBeGreaterThan(0);
    expect(await parent).toMatchObject({ kind: 'ok', exitCode: 0 });
    const died = await waitUntil(() => !isAlive(childPid));
    killQuietly(childPid);
    expect(died).toBe(true);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'when the parent dies of %s, its children are killed and it still dies of it',
    async (signal) => {
      const { parent, childPid } = await startParent('wait');
      expect(isAlive(childPid)).toBe(true);
      parent.kill(signal);
      const result = await parent;
      const died = await waitUntil(() => !isAlive(childPid));
      killQuietly(childPid);
      expect(result).toMatchObject({ kind: 'signal', signal });
      expect(died).toBe(true);
    },
  );

  it('a parent that handles SIGTERM itself keeps its children running until it exits', async () => {
    const parent = spawn(process.execPath, ['fixtures/process/graceful-parent.mjs']);
    for await (const line of parent.lines()) if (line === 'ready') break;
    // The parent alone: `parent.kill()` would signal its whole tree, its child included.
    process.kill(parent.pid!, 'SIGTERM');
    expect(await parent).toMatchObject({ kind: 'ok', stdout: 'ready\nchild finished' });
  });

  it('500 runs at concurrency 50 leave no open file descriptors and no zombies', async () => {
    // Warm up once so lazily opened handles are not counted as leaks.
    await run('true');
    const fdsBefore = openFdCount();
    let failures = 0;
    for (let batch = 0; batch < 10; batch++) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          index % 10 === 0 ? execFile('sh', ['-c', 'echo out; echo err >&2; exit 3']) : run('echo hello'),
        ),
      );
      failures += results.filter((result) => result.kind !== 'ok' && result.exitCode !== 3).length;
    }
    expect(failures).toBe(0);
    expect(await waitUntil(() => openFdCount() <= fdsBefore, 2000)).toBe(true);
    expect(zombieChildren(process.pid)).toEqual([]);
  });
});
