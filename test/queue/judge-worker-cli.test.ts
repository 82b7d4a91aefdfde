import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkerArgs } from '../../src/cli/judge-worker-args.js';
import { main } from '../../src/cli/judge-worker.js';
import { createJudgeQueue } from '../../src/queue/index.js';
import { captureIo, ROOT, startRedis, type RedisServer } from './harness.js';

describe('parseWorkerArgs', () => {
  it('reads --redis and --concurrency, with $REDIS_URL and 1 as defaults', () => {
    expect(parseWorkerArgs(['--redis', 'redis://h:1', '--concurrency', '3'])).toEqual({
      kind: 'run',
      args: { redis: 'redis://h:1', concurrency: 3, graceMs: 30_000, quiet: false },
    });
    expect(parseWorkerArgs([], { REDIS_URL: 'rediss://x:2' })).toMatchObject({
      kind: 'run',
      args: { redis: 'rediss://x:2', concurrency: 1 },
    });
    expect(parseWorkerArgs([])).toMatchObject({ kind: 'run', args: { redis: 'redis://127.0.0.1:6379' } });
    expect(parseWorkerArgs(['--tls-ca', 'ca.pem', '--tls-cert', 'c.pem', '--tls-key', 'k.pem'])).toMatchObject({
      kind: 'run',
      args: { tls: { ca: 'ca.pem', cert: 'c.pem', key: 'k.pem' } },
    });
    expect(parseWorkerArgs(['--tls-ca', 'ca.pem'])).toMatchObject({ kind: 'run', args: { tls: { ca: 'ca.pem' } } });
    expect(
      parseWorkerArgs([
        '--queue',
        'q',
        '--prefix',
        'p',
        '--lock-duration',
        '1500',
        '--stalled-interval',
        '500',
        '--grace',
        '0',
        '--cache-dir',
        '/c',
        '--quiet',
        '--progress-interval',
        '0',
      ]),
    ).toMatchObject({
      kind: 'run',
      args: {
        queueName: 'q',
        prefix: 'p',
        lockDurationMs: 1500,
        stalledIntervalMs: 500,
        graceMs: 0,
        cacheDir: '/c',
        quiet: true,
        progressIntervalMs: 0,
      },
    });
  });

  it('refuses bad values with a message naming the option', () => {
    expect(parseWorkerArgs(['--concurrency', '0'])).toEqual({
      kind: 'error',
      message: "--concurrency expects an integer of at least 1, got '0'",
    });
    expect(parseWorkerArgs(['--concurrency', 'two'])).toMatchObject({
      kind: 'error',
      message: /--concurrency expects an integer/,
    });
    expect(parseWorkerArgs(['--redis', 'localhost:6379'])).toEqual({
      kind: 'error',
      message: "--redis expects a redis:// or rediss:// URL, got 'localhost:6379'",
    });
    expect(parseWorkerArgs(['--progress-interval', '-5'])).toMatchObject({
      kind: 'error',
      message: /--progress-interval expects an integer from 0 to 60000/,
    });
    expect(parseWorkerArgs(['--progress-interval', '60001'])).toEqual({
      kind: 'error',
      message: "--progress-interval expects an integer from 0 to 60000, got '60001'",
    });
    expect(parseWorkerArgs(['--grace', '99999999999'])).toMatchObject({
      kind: 'error',
      message: /--grace expects an integer from 0 to 2147483647/,
    });
    expect(parseWorkerArgs(['--tls-cert', 'c.pem'])).toEqual({
      kind: 'error',
      message: '--tls-cert and --tls-key go together',
    });
    expect(parseWorkerArgs(['--bogus'])).toMatchObject({ kind: 'error', message: /Unknown option '--bogus'/ });
    expect(parseWorkerArgs(['extra'])).toMatchObject({ kind: 'error' });
  });
});

describe('judge-worker main()', () => {
  it('prints the help and exits 0; a usage error exits 2 with a hint', async () => {
    const help = captureIo();
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/^Usage: judge-worker \[--redis redis:\/\/host:port\] \[--concurrency N\]/);
    const bad = captureIo();
    expect(await main(['--concurrency', '0'], bad.io)).toBe(2);
    expect(bad.err.join('')).toBe(
      "judge-worker: --concurrency expects an integer of at least 1, got '0'\nTry 'judge-worker --help'.\n",
    );
  });

  it('refuses a URL the queue cannot use with one line and exit 2, not a rejection', async () => {
    for (const url of ['redis://h:99999', 'redis://h/abc']) {
      const bad = captureIo();
      expect(await main(['--redis', url], bad.io)).toBe(2);
      expect(bad.err.join('')).toMatch(/^judge-worker: Expected `connection[^\n]*\nTry 'judge-worker --help'\.\n$/);
    }
  });

  describe('on a real Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
      await redis?.dispose();
    });

    it('judges jobs until SIGTERM, lets the running job finish, then exits 0', async () => {
      const { out, signals, io } = captureIo();
      const queue = createJudgeQueue({ connection: redis.url, queueName: 'cli' });
      try {
        const exit = main(['--redis', `redis://:@127.0.0.1:${redis.port}`, '--queue', 'cli'], io);
        await expect
          .poll(() => out.join(''))
          .toMatch(/judge-worker: ready on redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(queue cli, concurrency 1/);
        const slow = readFileSync(join(ROOT, 'fixtures/queue/ab-slow.cpp'), 'utf8');
        const id = await queue.submit({
          source: slow,
          tests: [
            { input: '1 2', expected: '3' },
            { input: '2 2', expected: '4' },
          ],
          timeLimitMs: 2000,
        });
        const progressed = new Promise<void>((resolve) =>
          queue.onProgress((progress) => progress.id === id && resolve()),
        );
        await progressed;
        signals.emit('SIGTERM');
        expect(await exit).toBe(0);
        expect(await queue.peek(id)).toMatchObject({ kind: 'judged', report: { verdict: 'AC', passed: 2 } });
        expect(out.join('')).toMatch(
          new RegExp(`judge-worker: stopping .*\\njob ${id}: AC \\(\\d+ ms\\)\\njudge-worker: stopped\\n$`),
        );
        expect(signals.listenerCount('SIGTERM')).toBe(0);
      } finally {
        await queue.close();
      }
    }, 60_000);
  });
});
