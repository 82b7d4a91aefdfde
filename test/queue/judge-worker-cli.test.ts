import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/judge-worker/main.js';
import { parseCommandLine } from '../../src/cli/kit/index.js';
import { buildWorkerArgs, OPTIONS, WORKER_USAGE } from '../../src/cli/judge-worker/args.js';
import { createJudgeQueue } from '../../src/queue/index.js';
import { describeWith, needs } from '../helpers/requirements.js';
import { captureIo, ROOT, startRedis, type RedisServer } from './harness.js';

const tool = {
  name: 'judge-worker',
  usage: WORKER_USAGE,
  options: OPTIONS,
  positionals: false,
  build: buildWorkerArgs,
  run: () => Promise.resolve(0),
};
const parseWorkerArgs = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const parsed = parseCommandLine(tool, argv, env);
  return parsed.kind === 'usage-error' ? { kind: 'error', message: parsed.message } : parsed;
};

describe('judge-worker command line', () => {
  it('reads --redis and --concurrency, with $REDIS_URL and 1 as defaults', () => {
    expect(parseWorkerArgs(['--redis', 'redis://h:1', '--concurrency', '3'])).toEqual({
      kind: 'run',
      args: { redis: 'redis://h:1', concurrency: 3, graceMs: 30_000, quiet: false, sandbox: 'auto' },
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
        '1.5s',
        '--stalled-interval',
        '500ms',
        '--grace',
        '0s',
        '--cache-dir',
        '/c',
        '--quiet',
        '--progress-interval',
        '0ms',
        '--sandbox',
        'bwrap',
        '--problems',
        '/srv/problems',
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
        sandbox: 'bwrap',
        problemsDir: '/srv/problems',
      },
    });
  });

  it('refuses bad values with a message naming the option', () => {
    expect(parseWorkerArgs(['--sandbox', 'on'])).toEqual({
      kind: 'error',
      message: "--sandbox needs auto, bwrap or none, got 'on'",
    });
    expect(parseWorkerArgs(['--concurrency', '0'])).toEqual({
      kind: 'error',
      message: "--concurrency needs a positive integer, got '0'",
    });
    expect(parseWorkerArgs(['--concurrency', 'two'])).toMatchObject({
      kind: 'error',
      message: /--concurrency needs a positive integer/,
    });
    expect(parseWorkerArgs(['--redis', 'localhost:6379'])).toEqual({
      kind: 'error',
      message: "--redis needs a redis:// or rediss:// URL, got 'localhost:6379'",
    });
    expect(parseWorkerArgs(['--progress-interval', '-5ms'])).toMatchObject({
      kind: 'error',
      message: /--progress-interval needs a duration/,
    });
    expect(parseWorkerArgs(['--progress-interval', '60001ms'])).toEqual({
      kind: 'error',
      message: "--progress-interval must be from 0ms to 1m, got '60001ms'",
    });
    expect(parseWorkerArgs(['--grace', '30'])).toEqual({
      kind: 'error',
      message: "--grace needs a unit: 30s or 30ms, got '30'",
    });
    expect(parseWorkerArgs(['--grace', '99999999999ms'])).toMatchObject({
      kind: 'error',
      message: /--grace must be from 0ms to 2147483647ms/,
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
      "judge-worker: --concurrency needs a positive integer, got '0'\nRun 'judge-worker --help' for the options.\n",
    );
  });

  it('refuses a URL the queue cannot use with one line and exit 2, not a rejection', async () => {
    for (const url of ['redis://h:99999', 'redis://h/abc']) {
      const bad = captureIo();
      expect(await main(['--redis', url], bad.io)).toBe(2);
      expect(bad.err.join('')).toMatch(
        /^judge-worker: Expected `connection[^\n]*\nRun 'judge-worker --help' for the options\.\n$/,
      );
    }
  });

  describeWith([needs.redis(), needs.gpp()], 'on a real Redis', () => {
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
