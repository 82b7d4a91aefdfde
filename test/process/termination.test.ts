import { afterEach, describe, expect, it } from 'vitest';
import { exec, execFile, run, spawn } from '../../src/process/index.js';
import { isAlive, killQuietly, livingInGroup, waitUntil } from '../helpers/processes.js';

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) killQuietly(pid);
});

describe('timeouts and kills', () => {
  it('a timeout kills the whole tree, even a grandchild holding stdout', async () => {
    const result = await exec('sleep 100 & echo $!; sleep 100', { timeout: 1000 });
    expect(result).toMatchObject({ ok: false, kind: 'timeout', timedOut: true, exitCode: null, signal: 'SIGTERM' });
    const grandchild = Number(result.stdout);
    leftovers.push(grandchild);
    expect(grandchild).toBeGreaterThan(0);
    expect(await waitUntil(() => livingInGroup(result.pid!).length === 0)).toBe(true);
    expect(isAlive(grandchild)).toBe(false);
  });

  it('a child that ignores SIGTERM is SIGKILLed after forceKillAfter, and the result still says timeout', async () => {
    // An ignored signal stays ignored across exec, so `sleep` ignores SIGTERM too.
    // A wide timeout: the trap must be in place before SIGTERM comes, even on a loaded machine.
    const result = await exec("trap '' TERM; echo ready; sleep 100", { timeout: 1500, forceKillAfter: 200 });
    expect(result.stdout).toBe('ready');
    expect(result).toMatchObject({ ok: false, kind: 'timeout', timedOut: true, signal: 'SIGKILL' });
    expect(result.durationMs).toBeGreaterThanOrEqual(1500 + 200 - 5);
    expect(livingInGroup(result.pid!)).toEqual([]);
  });

  it('forceKillAfter: false never escalates; a custom killSignal is used', async () => {
    const child = spawn('sh', ['-c', "trap 'exit 7' USR1; echo ready; while :; do sleep 0.05; done"], {
      killSignal: 'SIGUSR1',
      forceKillAfter: false,
    });
    for await (const line of child.lines()) if (line === 'ready') break;
    expect(child.kill()).toBe(true);
    expect(await child).toMatchObject({ kind: 'exit', exitCode: 7 });
  });

  it('an AbortSignal ends the run as aborted, and an already aborted one starts nothing', async () => {
    const controller = new AbortController();
    const pending = run('sleep 100', { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toMatchObject({ ok: false, kind: 'aborted', signal: 'SIGTERM' });
    expect(await run('sleep 100', { signal: AbortSignal.abort() })).toMatchObject({ kind: 'aborted', pid: undefined });
  });

  it('the first reason wins: a timeout after the output limit stays output-limit', async () => {
    const result = await exec('head -c 100000 /dev/zero; sleep 100', { maxBuffer: 1000, timeout: 2000 });
    expect(result.kind).toBe('output-limit');
    expect(result.stdout.length).toBe(1000);
  });

  it('exit 0 with a background grandchild holding stdout comes back before the grandchild exits', async () => {
    const result = await exec('sleep 30 & echo $!');
    const grandchild = Number(result.stdout);
    leftovers.push(grandchild);
    expect(result).toMatchObject({ ok: true, kind: 'ok' });
    expect(isAlive(grandchild)).toBe(true);
  });

  it('spawn().kill() signals the whole group (killTree), and killTree: false only the child', async () => {
    const tree = spawn('sh', ['-c', 'sleep 100 & echo $!; wait']);
    const lines = tree.lines();
    const grandchild = Number((await lines.next()).value);
    leftovers.push(grandchild);
    tree.kill();
    expect(await tree).toMatchObject({ kind: 'signal', signal: 'SIGTERM' });
    expect(await waitUntil(() => !isAlive(grandchild))).toBe(true);

    const single = spawn('sh', ['-c', 'sleep 100 & echo $!; wait'], { killTree: false });
    const survivor = Number((await single.lines().next()).value);
    leftovers.push(survivor);
    single.kill();
    expect(await single).toMatchObject({ kind: 'signal' });
    expect(isAlive(survivor)).toBe(true);
  });

  it('execFile with a timeout on a busy node process reports timeout, never success', async () => {
    const result = await execFile(process.execPath, ['-e', 'for(;;){}'], { timeout: 200 });
    expect(result).toMatchObject({ ok: false, kind: 'timeout', timedOut: true });
  });

  it('a tree that keeps forking is gone after its timeout', async () => {
    // Bounded: at most 3000 sleepers, so a broken kill cannot take the machine down.
    const result = await exec('i=0; while [ $i -lt 3000 ]; do sleep 100 & i=$((i+1)); done; wait', { timeout: 300 });
    expect(result.kind).toBe('timeout');
    expect(await waitUntil(() => livingInGroup(result.pid!).length === 0)).toBe(true);
  });

  it('a child that closes stdout early is still waited for until it exits', async () => {
    const result = await exec('echo early; exec >&- 2>&-; sleep 0.3; exit 4');
    expect(result).toMatchObject({ kind: 'exit', exitCode: 4, stdout: 'early' });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
  });
});
