import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJudgeQueue, normalizeConnection, startJudgeWorker } from '../../src/queue/index.js';
import { main } from '../../src/cli/judge-worker/main.js';
import { execFile } from '../../src/process/index.js';
import { describeWith, needs } from '../helpers/requirements.js';
import { captureIo, ensureBuilt, freePort, ROOT, startRedis, startSilentServer, type RedisServer } from './harness.js';

describe('normalizeConnection', () => {
  it('parses a redis:// URL into host, port, credentials and db', () => {
    expect(normalizeConnection('redis://judge:p%40ss@10.0.0.5:6380/2')).toEqual({
      host: '10.0.0.5',
      port: 6380,
      username: 'judge',
      password: 'p@ss',
      db: 2,
    });
    expect(normalizeConnection('redis://localhost')).toEqual({ host: 'localhost', port: 6379 });
    expect(normalizeConnection('redis://:secret@[::1]:7000')).toEqual({ host: '::1', port: 7000, password: 'secret' });
  });

  it('turns rediss:// and tls: true into TLS options', () => {
    expect(normalizeConnection('rediss://cache.example.com')).toEqual({
      host: 'cache.example.com',
      port: 6379,
      tls: {},
    });
    expect(normalizeConnection({ host: 'h', port: 1, tls: true })).toEqual({ host: 'h', port: 1, tls: {} });
    expect(normalizeConnection({ host: 'h', tls: { servername: 'x' } })).toEqual({
      host: 'h',
      tls: { servername: 'x' },
    });
  });

  it('lets fields given next to a URL win, and passes other ioredis options through', () => {
    expect(normalizeConnection({ url: 'redis://a:1/3', password: 'pw', connectTimeout: 500 })).toEqual({
      host: 'a',
      port: 1,
      db: 3,
      password: 'pw',
      connectTimeout: 500,
    });
    expect(normalizeConnection(undefined)).toEqual({ host: '127.0.0.1', port: 6379 });
  });

  it('rejects what is not a Redis address, naming it', () => {
    expect(() => normalizeConnection('http://host:6379')).toThrow(
      'Expected `connection` to be a redis:// or rediss:// URL, got `"http://host:6379"` (string)',
    );
    expect(() => normalizeConnection('redis://host/abc')).toThrow(/a URL whose path is a database number/);
    expect(() => normalizeConnection({ host: 'h', port: 70_000 })).toThrow(
      'Expected `connection.port` to be an integer from 1 to 65535, got `70000` (number)',
    );
    expect(() => normalizeConnection(42 as never)).toThrow(
      /Expected `connection` to be a redis:\/\/ URL or connection options/,
    );
  });
});

describeWith([needs.redis()], 'a password-protected Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis(['--requirepass', 'judge-s3cret']);
  });
  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await redis?.dispose();
  });

  it('takes the password from the URL on both sides', async () => {
    const url = `redis://:judge-s3cret@127.0.0.1:${redis.port}`;
    const queue = createJudgeQueue({ connection: url, queueName: 'auth' });
    const worker = startJudgeWorker({
      connection: { host: '127.0.0.1', port: redis.port, password: 'judge-s3cret' },
      queueName: 'auth',
    });
    try {
      const source = readFileSync(join(ROOT, 'fixtures/queue/ab.cpp'), 'utf8');
      const id = await queue.submit({ source, tests: [{ input: '2 3', expected: '5' }] });
      expect(await queue.result(id)).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});

describe('a Redis that never answers', () => {
  it('queue.close() and worker.close() still resolve (BullMQ alone waits for the connection for ever)', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const queue = createJudgeQueue({ connection: url });
    const worker = startJudgeWorker({ connection: url });
    // Let both try, fail and start retrying.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all([queue.close(), worker.close()]);
    // A queue closed before it ever connected is closed as well.
    await createJudgeQueue({ connection: url }).close();
  }, 10_000);

  it('closing while a connection attempt hangs does not crash the process later, and lets it exit', async () => {
    // BullMQ alone: the attempt's late 'connect ETIMEDOUT' is emitted where no listener is left (an
    // uncaught error, exit 1 after 'closed'), and a stalled check armed after close keeps the process up.
    const [silent] = await Promise.all([startSilentServer(), ensureBuilt()]);
    try {
      const result = await execFile(
        process.execPath,
        [join(ROOT, 'test/queue/close-while-connecting.mjs'), String(silent.port)],
        { timeout: 60_000 },
      );
      expect({ kind: result.kind, stdout: result.stdout, stderr: result.stderr }).toEqual({
        kind: 'ok',
        stdout: 'closed\nsurvived',
        stderr: '',
      });
    } finally {
      await silent.close();
    }
  }, 70_000);

  it('judge-worker reports the refusal, never says ready, and stops on SIGTERM', async () => {
    const { out, err, signals, io } = captureIo();
    const exit = main(['--redis', `redis://127.0.0.1:${await freePort()}`], io);
    await expect
      .poll(() => err.join(''))
      .toMatch(/^judge-worker: redis: connect ECONNREFUSED 127\.0\.0\.1:\d+ \(retrying\)\n/);
    signals.emit('SIGTERM');
    expect(await exit).toBe(0);
    expect(out.join('')).toMatch(/^judge-worker: stopping [^\n]*\njudge-worker: stopped\n$/);
  }, 10_000);
});
