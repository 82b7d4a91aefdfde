import { describe, expect, it } from 'vitest';
import { fork, spawn } from '../../src/process/index.js';

describe('spawn and fork handles', () => {
  it('spawn gives a live handle: pid, stdin stays open, lines() streams, await gives the result', async () => {
    const child = spawn('cat');
    expect(child.pid).toBeGreaterThan(0);
    const lines = child.lines();
    child.stdin!.write('first\n');
    expect((await lines.next()).value).toBe('first');
    child.stdin!.end('second\n');
    expect((await lines.next()).value).toBe('second');
    expect((await lines.next()).done).toBe(true);
    expect(await child).toMatchObject({ ok: true, stdout: 'first\nsecond' });
  });

  it('lines() taken before awaiting keeps every line, even when iterated after the run ended', async () => {
    const child = spawn('sh', ['-c', 'echo one; echo two; printf three']);
    const lines = child.lines();
    await child;
    const seen: string[] = [];
    for await (const line of lines) seen.push(line);
    expect(seen).toEqual(['one', 'two', 'three']);
  });

  it('lines() of a handle whose run ended long ago ends at once', async () => {
    const child = spawn('echo', ['done']);
    await child;
    const seen: string[] = [];
    for await (const line of child.lines()) seen.push(line);
    expect(seen).toEqual([]);
  });

  it('lines() of a handle that never started ends at once', async () => {
    const child = spawn('saferun-no-such-command');
    const seen: string[] = [];
    for await (const line of child.lines()) seen.push(line);
    expect(seen).toEqual([]);
    expect(child.kill()).toBe(false);
    expect((await child).kind).toBe('spawn-error');
  });

  it('kill() after the child exited is a no-op returning false', async () => {
    const child = spawn('true');
    await child;
    expect(child.kill()).toBe(false);
  });

  it('fork runs a Node module with an IPC channel and resolves to a result', async () => {
    const child = fork('fixtures/process/fork-echo.mjs');
    const reply = new Promise((resolve) => child.child!.once('message', resolve));
    child.child!.send('hi');
    expect(await reply).toEqual({ echo: 'hi' });
    child.child!.send('bye');
    expect(await child).toMatchObject({ ok: true, kind: 'ok', exitCode: 0 });
  });

  it('fork honours timeouts like spawn', async () => {
    // Node takes a while to start on a loaded machine: the handler must be in place before SIGTERM.
    const result = await fork('fixtures/process/ignore-sigterm.mjs', [], { timeout: 4000, forceKillAfter: 200 });
    expect(result).toMatchObject({ kind: 'timeout', signal: 'SIGKILL', stdout: 'ready' });
  });
});
