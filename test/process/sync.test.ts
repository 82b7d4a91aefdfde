import { describe, expect, it } from 'vitest';
import { execFileSync, execSync, runSync } from '../../src/process/index.js';
import { isAlive, killQuietly, livingInGroup, waitUntil } from '../helpers/processes.js';

describe('sync forms', () => {
  it('return the same result shape as the async forms', () => {
    expect(runSync('echo "a b" c\\ d')).toMatchObject({
      ok: true,
      kind: 'ok',
      stdout: 'a b c d',
      command: "echo 'a b' 'c d'",
    });
    expect(execSync('echo out; echo err >&2; exit 2')).toMatchObject({
      kind: 'exit',
      exitCode: 2,
      stdout: 'out',
      stderr: 'err',
    });
    expect(execFileSync('cat', [], { input: 'in' }).stdout).toBe('in');
    expect(runSync`echo ${'$(id); x'}`.stdout).toBe('$(id); x');
  });

  it('a timeout kills the whole tree, so a grandchild holding stdout cannot block the call', async () => {
    const result = execSync('sleep 100 & echo $!; sleep 100', { timeout: 1000 });
    const grandchild = Number(result.stdout);
    expect(grandchild).toBeGreaterThan(0);
    expect(result).toMatchObject({ ok: false, kind: 'timeout', timedOut: true, exitCode: null, signal: 'SIGTERM' });
    // The group's SIGTERM is sent before the call returns; on a loaded machine the grandchild may take a moment to die of it.
    expect(await waitUntil(() => !isAlive(grandchild))).toBe(true);
    killQuietly(grandchild);
  });

  it('a child ignoring SIGTERM is SIGKILLed after forceKillAfter', async () => {
    const result = execSync("trap '' TERM; echo ready; sleep 100", { timeout: 1500, forceKillAfter: 200 });
    expect(result).toMatchObject({ kind: 'timeout', signal: 'SIGKILL', stdout: 'ready' });
    expect(await waitUntil(() => livingInGroup(result.pid!).length === 0)).toBe(true);
  });

  it('a command that exits 124 on its own within its timeout is not a timeout', () => {
    expect(execSync('exit 124', { timeout: 5000 })).toMatchObject({ kind: 'exit', exitCode: 124 });
  });

  it('signal death and output limits', () => {
    expect(execFileSync(process.execPath, ['-e', "process.kill(process.pid, 'SIGABRT')"])).toMatchObject({
      kind: 'signal',
      signal: 'SIGABRT',
    });
    const flood = execSync('yes', { maxBuffer: 10_000, stripFinalNewline: false });
    expect(flood.kind).toBe('output-limit');
    expect(flood.stdout.length).toBe(10_000);
  });

  it('line callbacks are replayed after the run', () => {
    const lines: string[] = [];
    execSync('echo a; echo b', { onStdout: (line) => lines.push(line) });
    expect(lines).toEqual(['a', 'b']);
  });
});
