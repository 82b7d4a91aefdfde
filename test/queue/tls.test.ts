// A real TLS Redis (redis-server's own TLS, certificates made by openssl for this run) that checks
// client certificates: the library and the judge-worker CLI connect with the CA and a client
// certificate, and a worker missing either says why it cannot connect and still stops.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/judge-worker/main.js';
import { createJudgeQueue, startJudgeWorker } from '../../src/queue/index.js';
import { captureIo, ROOT, startRedis, type RedisServer } from './harness.js';
import { makeTestCertificates, type TestCertificates } from './tls-certs.js';
import { describeWith, needs } from '../helpers/requirements.js';

describeWith([needs.redis(), needs.openssl(), needs.gpp()], 'a TLS Redis', () => {
  let work: string;
  let certs: TestCertificates;
  let redis: RedisServer;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'saferun-tls-'));
    certs = await makeTestCertificates(work);
    redis = await startRedis([], certs);
  });
  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await redis?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const source = readFileSync(join(ROOT, 'fixtures/queue/ab.cpp'), 'utf8');
  const tests = [{ input: '2 3', expected: '5' }];
  const clientTls = () => ({
    ca: readFileSync(certs.ca),
    cert: readFileSync(certs.clientCert),
    key: readFileSync(certs.clientKey),
  });

  describe('a TLS Redis that checks client certificates', () => {
    it('the queue (rediss:// URL and TLS options) and a worker (host, port, tls) judge a job over it', async () => {
      const queue = createJudgeQueue({ connection: { url: redis.url, tls: clientTls() }, queueName: 'tls-lib' });
      const worker = startJudgeWorker({
        connection: { host: '127.0.0.1', port: redis.port, tls: clientTls() },
        queueName: 'tls-lib',
      });
      try {
        const id = await queue.submit({ source, tests });
        expect(await queue.result(id)).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
      } finally {
        await Promise.all([worker.close(), queue.close()]);
      }
    });

    it('judge-worker --tls-ca --tls-cert --tls-key judges jobs over it and stops on SIGTERM', async () => {
      const { out, signals, io } = captureIo();
      const queue = createJudgeQueue({ connection: { url: redis.url, tls: clientTls() }, queueName: 'tls-cli' });
      try {
        const exit = main(
          [
            '--redis',
            redis.url,
            '--queue',
            'tls-cli',
            '--tls-ca',
            certs.ca,
            '--tls-cert',
            certs.clientCert,
            '--tls-key',
            certs.clientKey,
          ],
          io,
        );
        await expect
          .poll(() => out.join(''), { timeout: 15_000 })
          .toMatch(/judge-worker: ready on rediss:\/\/127\.0\.0\.1:\d+ with TLS \(queue tls-cli/);
        const id = await queue.submit({ source, tests });
        expect(await queue.result(id)).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
        signals.emit('SIGTERM');
        expect(await exit).toBe(0);
      } finally {
        await queue.close();
      }
    });

    it.each([
      // TLS 1.3 checks the client's certificate after the client's side of the handshake is done: the
      // refusal arrives as Redis's alert, or, when Redis closes first, as a reset.
      [
        'no client certificate',
        () => ['--tls-ca', certs.ca],
        /judge-worker: redis: (tlsv13 alert certificate required|\w+ ECONNRESET) \(retrying\)\n/,
      ],
      [
        'no CA: the server certificate is refused',
        () => [],
        /judge-worker: redis: self[- ]signed certificate in certificate chain \(retrying\)\n/,
      ],
    ])(
      '%s: the worker says why on stderr, never says ready, and still stops on SIGTERM',
      async (_name, extra, reason) => {
        const { out, err, signals, io } = captureIo();
        const exit = main(['--redis', redis.url, '--queue', 'tls-refused', ...extra()], io);
        await expect.poll(() => err.join(''), { timeout: 15_000 }).toMatch(reason);
        // About ten more retries (ioredis waits 50, 100, 150 ms... between them), for repeated lines to show.
        await new Promise((resolve) => setTimeout(resolve, 2500));
        signals.emit('SIGTERM');
        expect(await exit).toBe(0);
        expect(out.join('')).not.toMatch(/ready/);
        expect(out.at(-1)).toBe('judge-worker: stopped\n');
        // A line for each distinct error, not one for each retry.
        const lines = err.join('').split('\n').filter(Boolean);
        expect(new Set(lines).size).toBe(lines.length);
      },
    );

    it('an unreadable --tls-ca file: one line naming it, exit 2', async () => {
      const { err, io } = captureIo();
      expect(await main(['--redis', redis.url, '--tls-ca', join(work, 'missing.pem')], io)).toBe(2);
      expect(err.join('')).toBe(
        `judge-worker: cannot read --tls-ca ${join(work, 'missing.pem')}: ENOENT\nRun 'judge-worker --help' for the options.\n`,
      );
    });
  });
});
