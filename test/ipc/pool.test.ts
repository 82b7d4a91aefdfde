import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool, type PoolEvent, type WorkerPool } from '../../src/ipc/index.js';
import { run } from '../../src/process/index.js';
import { get, runBounded } from './http-client.js';
import { isAlive, listeningInodes, socketInodesOf } from './proc-sockets.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/ipc/${name}`, import.meta.url));
const HTTP_WORKER = fixture('http-worker.js');

const pools: WorkerPool<any, any>[] = [];
function startPool(module: string, options: Parameters<typeof createWorkerPool>[1]) {
  const pool = createWorkerPool<any, any>(module, options);
  pools.push(pool);
  return pool;
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close({ timeout: 1000 })));
});

function nextEvent(pool: WorkerPool<any, any>, match: (event: PoolEvent) => boolean): Promise<PoolEvent> {
  return new Promise((resolve) => {
    const listener = (event: PoolEvent) => {
      if (!match(event)) return;
      pool.off('event', listener);
      resolve(event);
    };
    pool.on('event', listener);
  });
}

describe('worker pool on one port', () => {
  it('answers 400 requests from at least 2 of 4 workers, all on one shared listening socket', async () => {
    const pool = startPool(HTTP_WORKER, { size: 4 });
    const bound = await pool.listen(0, '127.0.0.1');
    if (!bound.ok) throw new Error(bound.error.message);
    const { port } = bound.address;
    // A connection per request: the kernel hands each one to whichever worker accepts first.
    const agent = new http.Agent({ keepAlive: false, maxSockets: 16 });
    const replies = await runBounded(400, 16, () => get(port, agent));
    agent.destroy();
    expect(replies.filter((reply) => !reply.ok)).toEqual([]);
    const workerPids = pool.workers().map((worker) => worker.pid!);
    const answeredBy = new Set(replies.map((reply) => (reply.ok ? Number(reply.body) : 0)));
    expect(answeredBy.size).toBeGreaterThanOrEqual(2);
    for (const pid of answeredBy) expect(workerPids).toContain(pid);
    // One LISTEN socket on the port, and every worker (and the parent) holds that very socket.
    const inodes = listeningInodes(port);
    expect(inodes).toHaveLength(1);
    for (const pid of [...workerPids, process.pid]) expect(socketInodesOf(pid)).toContain(inodes[0]);
    const closed = await pool.close({ timeout: 5000 });
    expect(closed).toEqual({ ok: true, forced: 0 });
    for (const pid of workerPids) expect(isAlive(pid)).toBe(false);
    expect(listeningInodes(port)).toEqual([]);
  });

  it('restarts a worker SIGKILLed under load; the port keeps answering and failures are errors, not hangs', async () => {
    const pool = startPool(HTTP_WORKER, { size: 4, restart: { initialDelayMs: 50 } });
    const bound = await pool.listen(0, '127.0.0.1');
    if (!bound.ok) throw new Error(bound.error.message);
    const { port } = bound.address;
    const victim = pool.workers()[0]!;
    const restarted = nextEvent(pool, (event) => event.type === 'ready' && event.workerId === victim.workerId);
    const concurrency = 8;
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const replies = await runBounded(300, concurrency, async (index) => {
      if (index === 60) process.kill(victim.pid!, 'SIGKILL');
      return get(port, agent, index % 10 === 0 ? '/slow' : '/', 10_000);
    });
    const failures = replies.filter((reply) => !reply.ok);
    expect(failures.length).toBeLessThanOrEqual(concurrency);
    for (const failure of failures) expect(failure).not.toEqual({ ok: false, error: 'timeout' });
    const ready = await restarted;
    expect(ready).toMatchObject({ type: 'ready', workerId: victim.workerId });
    expect(ready.type === 'ready' && ready.pid).not.toBe(victim.pid);
    // The restarted worker got the shared socket too.
    const [inode] = listeningInodes(port);
    const newPid = ready.type === 'ready' ? ready.pid : 0;
    for (let tries = 0; tries < 250 && !socketInodesOf(newPid).has(inode!); tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(socketInodesOf(newPid)).toContain(inode);
    const after = await runBounded(40, 4, () => get(port, agent));
    agent.destroy();
    expect(after.every((reply) => reply.ok)).toBe(true);
    expect(pool.workers().find((worker) => worker.workerId === victim.workerId)).toMatchObject({
      state: 'ready',
      restarts: 1,
    });
    await pool.close();
  });

  it('refuses a bad port and reports a port in use as bind-error', async () => {
    const pool = startPool(HTTP_WORKER, { size: 1 });
    expect(await pool.listen(-1)).toMatchObject({ ok: false, kind: 'invalid-options' });
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as net.AddressInfo).port;
    expect(await pool.listen(taken, '127.0.0.1')).toMatchObject({
      ok: false,
      kind: 'bind-error',
      error: { code: 'EADDRINUSE' },
    });
    blocker.close();
    await pool.close();
  });
});

describe('worker pool: requests', () => {
  it('spreads requests over the least busy workers', async () => {
    const pool = startPool(HTTP_WORKER, { size: 2 });
    expect((await pool.ready()).map((worker) => worker.state)).toEqual(['ready', 'ready']);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => pool.request({ op: 'sleep', ms: 100, value: i })),
    );
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const pids = new Set(answers.map((answer) => (answer.ok ? answer.value.pid : 0)));
    expect(pids.size).toBe(2);
    expect(answers.map((answer) => answer.ok && answer.value.echo)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await pool.close();
  });

  it('fails the request of a worker killed mid-request with an error, and restarts the worker', async () => {
    const pool = startPool(HTTP_WORKER, { size: 2, restart: { initialDelayMs: 10 } });
    expect((await pool.request({ op: 'echo' })).ok).toBe(true);
    const pending = pool.request({ op: 'hang' });
    const busy = pool.workers().find((worker) => worker.inFlight === 1)!;
    process.kill(busy.pid!, 'SIGKILL');
    expect(await pending).toMatchObject({ ok: false, kind: 'disconnected' });
    await nextEvent(pool, (event) => event.type === 'ready' && event.workerId === busy.workerId);
    expect((await pool.request({ op: 'echo', value: 'after' })).ok).toBe(true);
    await pool.close();
  });

  it('lets in-flight requests finish on close, then refuses new ones', async () => {
    const pool = startPool(HTTP_WORKER, { size: 1 });
    expect((await pool.request({ op: 'echo' })).ok).toBe(true);
    const inFlight = pool.request({ op: 'sleep', ms: 300, value: 'done' });
    const closing = pool.close({ timeout: 5000 });
    expect(await inFlight).toMatchObject({ ok: true, value: { echo: 'done' } });
    expect(await closing).toEqual({ ok: true, forced: 0 });
    expect(await pool.request({ op: 'echo' })).toMatchObject({ ok: false, kind: 'pool-closed' });
  });
});

describe('worker pool: failures and shutdown', () => {
  it('restarts a worker that crashes at start-up at most maxRestarts times, then reports it failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferun-ipc-'));
    const starts = join(dir, 'starts');
    const events: PoolEvent[] = [];
    const pool = startPool(fixture('crash-worker.js'), {
      size: 1,
      args: [starts],
      stdio: 'pipe',
      restart: { maxRestarts: 3, initialDelayMs: 20 },
      onEvent: (event) => events.push(event),
    });
    const failedEvent = await nextEvent(pool, (event) => event.type === 'failed');
    expect(failedEvent).toMatchObject({ type: 'failed', workerId: 1, restarts: 3 });
    expect(failedEvent.type === 'failed' && failedEvent.result.stderr).toContain('crash at start-up');
    expect(events.filter((event) => event.type === 'restart').map((event) => event.delayMs)).toEqual([20, 40, 80]);
    expect(pool.workers()[0]).toMatchObject({ state: 'failed', restarts: 3 });
    expect(await pool.request({ op: 'echo' })).toMatchObject({ ok: false, kind: 'no-worker' });
    expect(await pool.listen(0, '127.0.0.1')).toMatchObject({ ok: false, kind: 'no-worker' });
    // No busy loop: nothing was started after the failure.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readFileSync(starts, 'utf8').trim().split('\n')).toHaveLength(4);
    expect(await pool.close()).toEqual({ ok: true, forced: 0 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('kills a worker that does not stop within the close timeout, leaving no process', async () => {
    const pool = startPool(fixture('stubborn-worker.js'), { size: 2 });
    expect((await pool.request('x')).ok).toBe(true);
    const pids = pool.workers().map((worker) => worker.pid!);
    expect(await pool.close({ timeout: 300 })).toEqual({ ok: false, forced: 2 });
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('times out a request while no worker is ready yet', async () => {
    const pool = startPool(fixture('crash-worker.js'), {
      size: 1,
      stdio: 'pipe',
      restart: { maxRestarts: 50, initialDelayMs: 100 },
    });
    expect(await pool.request('x', { timeout: 150 })).toMatchObject({ ok: false, kind: 'timeout' });
    await pool.close();
  });

  it('reports invalid pool options on use', async () => {
    const pool = startPool(HTTP_WORKER, { size: 0 });
    expect(await pool.request('x')).toMatchObject({
      ok: false,
      kind: 'invalid-options',
      error: { message: 'Expected `size` to be a positive integer, got `0` (number)' },
    });
    const restart = startPool(HTTP_WORKER, { restart: { maxRestarts: -1 } });
    expect(await restart.listen(0)).toMatchObject({ ok: false, kind: 'invalid-options' });
  });

  it('closes so completely that a process using a pool exits by itself', async () => {
    const result = await run(`${process.execPath} ${fixture('pool-exits.js')}`, { timeout: 20_000 });
    expect(result).toMatchObject({ ok: true, kind: 'ok' });
    const report = JSON.parse(result.stdout) as { workerPids: number[]; closed: unknown; answer: { ok: boolean } };
    expect(report.closed).toEqual({ ok: true, forced: 0 });
    expect(report.answer.ok).toBe(true);
    for (const pid of report.workerPids) expect(isAlive(pid)).toBe(false);
  });
});
