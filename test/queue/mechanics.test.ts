// The queue's mechanics on a real Redis, with in-process workers running the real compile() and
// judge(); a few tests wrap judge() to make it misbehave on purpose (throw, hang) for retries and hand-back.
import { cpSync, existsSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge, type JudgeReport } from '../../src/judge/index.js';
import { createJudgeQueue, startJudgeWorker, type JudgeFunction, type JudgeProgress } from '../../src/queue/index.js';
import { ROOT, startRedis, type RedisServer } from './harness.js';
import { describeWith, needs } from '../helpers/requirements.js';

describeWith([needs.redis(), needs.gpp()], 'the queue on a real Redis', () => {
  let redis: RedisServer;
  let cacheDir: string;
  let queueNumber = 0;
  const open: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    [redis, cacheDir] = await Promise.all([startRedis(), mkdtemp(join(tmpdir(), 'saferun-queue-cache-'))]);
  });
  afterAll(async () => {
    await Promise.allSettled(open.map((thing) => thing.close()));
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await redis?.dispose();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  const fixture = (name: string) => readFileSync(join(ROOT, 'fixtures/queue', name), 'utf8');
  const echoSum = fixture('ab.cpp');
  const wrong = fixture('ab-wrong.cpp');
  const sleeper = fixture('ab-slow.cpp');
  const abTests = [
    { name: 'one', input: '1 2', expected: '3' },
    { name: 'two', input: '20 22', expected: '42' },
  ];

  function setUp(
    judge: JudgeFunction,
    workerOptions: Record<string, unknown> = {},
    queueOptions: Record<string, unknown> = {},
  ) {
    const queueName = `mechanics-${++queueNumber}`;
    const queue = createJudgeQueue({ connection: redis.url, queueName, backoffMs: 20, ...queueOptions });
    open.push(queue);
    const startWorker = (judgeFn: JudgeFunction = judge, extra: Record<string, unknown> = {}) => {
      const worker = startJudgeWorker({
        connection: { host: '127.0.0.1', port: redis.port },
        queueName,
        judge: judgeFn,
        cacheDir,
        ...workerOptions,
        ...extra,
      });
      open.push(worker);
      return worker;
    };
    return { queue, startWorker };
  }

  describe('judge queue on a real Redis', () => {
    it('judges a submission and reports per-test progress to the submitter', async () => {
      const { queue, startWorker } = setUp(judge);
      await queue.ready();
      const all: JudgeProgress[] = [];
      queue.onProgress((progress) => all.push(progress));
      startWorker();
      const id = await queue.submit({ source: echoSum, tests: abTests });
      const mine: JudgeProgress[] = [];
      const outcome = await queue.result(id, { onProgress: (progress) => mine.push(progress) });
      expect(outcome).toMatchObject({ kind: 'judged', id, attempts: 1, report: { verdict: 'AC' } });
      expect(outcome.kind === 'judged' && outcome.report.tests.map((test) => test.name)).toEqual(['one', 'two']);
      // Progress events travel through Redis streams: give the last ones a moment to arrive.
      await expect
        .poll(() => all.filter((p) => p.id === id).map((p) => `${p.done}:${p.test.name}:${p.test.verdict}`))
        .toEqual(['1:one:AC', '2:two:AC']);
    });

    it('publishes no progress for a job that asks for none', async () => {
      const { queue, startWorker } = setUp(judge);
      await queue.ready();
      const seen: string[] = [];
      queue.onProgress((progress) => seen.push(progress.id));
      startWorker();
      const [quiet, loud] = await queue.submitBatch([
        { source: echoSum, tests: abTests, progress: false },
        { source: echoSum, tests: abTests },
      ]);
      expect(await queue.result(quiet!)).toMatchObject({ kind: 'judged', report: { verdict: 'AC', passed: 2 } });
      expect(await queue.result(loud!)).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
      // One worker, in order, one event stream: the quiet job's events would have come before these.
      await expect.poll(() => seen.filter((id) => id === loud)).toHaveLength(2);
      expect(seen.filter((id) => id === quiet)).toEqual([]);
    });

    it('batches the progress of tests that finish close together into one Redis event; every test still reaches the listener', async () => {
      const rawEvents = async (progressIntervalMs: number) => {
        const { queue, startWorker } = setUp(judge, { progressIntervalMs });
        const events = new QueueEvents(queue.bullQueue.name, { connection: { host: '127.0.0.1', port: redis.port } });
        open.push(events);
        const raw: unknown[] = [];
        events.on('progress', ({ data }) => void raw.push(data));
        await Promise.all([queue.ready(), events.waitUntilReady()]);
        startWorker();
        const id = await queue.submit({
          source: echoSum,
          tests: [...abTests, { name: 'three', input: '5 5', expected: '10' }],
        });
        const mine: string[] = [];
        await queue.result(id, { onProgress: (progress) => mine.push(`${progress.done}:${progress.test.name}`) });
        // The last event is sent before the job completes, so the listener has them all with the report.
        expect(mine).toEqual(['1:one', '2:two', '3:three']);
        await expect.poll(() => raw.length).toBeGreaterThan(0);
        return raw;
      };
      // A minute of interval: the three tests go out together when the job ends.
      expect(await rawEvents(60_000)).toEqual([
        {
          done: 3,
          tests: [
            expect.objectContaining({ name: 'one' }),
            expect.objectContaining({ name: 'two' }),
            expect.objectContaining({ name: 'three' }),
          ],
        },
      ]);
      // Interval 0: an event a test.
      const each = await rawEvents(0);
      await expect.poll(() => each.length).toBe(3);
      expect(each.map((data) => (data as { done: number }).done)).toEqual([1, 2, 3]);
    });

    it('stores a failed submission (WA) as a finished job and never retries it', async () => {
      let calls = 0;
      const { queue, startWorker } = setUp(async (request) => (calls++, judge(request)));
      startWorker();
      const id = await queue.submit({ source: wrong, tests: abTests });
      const outcome = await queue.result(id);
      expect(outcome).toMatchObject({
        kind: 'judged',
        attempts: 1,
        report: { verdict: 'WA', tests: [{ name: 'one', verdict: 'WA' }] },
      });
      expect(calls).toBe(1);
    });

    it('retries an internal failure a bounded number of times, then reports IE', async () => {
      let calls = 0;
      const { queue, startWorker } = setUp(
        () => {
          calls += 1;
          return Promise.reject(new Error(`checker vanished (try ${calls})`));
        },
        {},
        { attempts: 3 },
      );
      startWorker();
      const outcome = await queue.result(await queue.submit({ source: echoSum, tests: abTests }));
      expect(outcome).toMatchObject({ kind: 'judged', report: { verdict: 'IE', message: 'checker vanished (try 3)' } });
      expect(calls).toBe(3);
    });

    it('reports IE, after the retries, for a tests directory the worker cannot read', async () => {
      const { queue, startWorker } = setUp(judge, {}, { attempts: 2 });
      startWorker();
      const outcome = await queue.result(await queue.submit({ source: echoSum, tests: '/nonexistent/saferun-tests' }));
      expect(outcome).toMatchObject({
        kind: 'judged',
        attempts: 2,
        report: { verdict: 'IE', message: expect.stringMatching(/cannot read the tests/) },
      });
    });

    it('retries a judge that itself reports IE, and keeps the first good report', async () => {
      let calls = 0;
      const { queue, startWorker } = setUp(async (request) => {
        calls += 1;
        if (calls === 1)
          return { ...(await judge(request)), verdict: 'IE', message: 'unreadable test' } satisfies JudgeReport;
        return judge(request);
      });
      startWorker();
      const outcome = await queue.result(await queue.submit({ source: echoSum, tests: abTests }));
      expect(outcome).toMatchObject({ kind: 'judged', attempts: 2, report: { verdict: 'AC' } });
      expect(calls).toBe(2);
    });

    it('cancels a waiting job: it is removed and never judged', async () => {
      const judged: string[] = [];
      const { queue, startWorker } = setUp(async (request) => (judged.push(request.compiled!.command), judge(request)));
      const id = await queue.submit({ source: echoSum, tests: abTests });
      expect(await queue.cancel(id)).toBe('cancelled');
      expect(await queue.result(id)).toEqual({ kind: 'cancelled', id });
      startWorker();
      const after = await queue.result(await queue.submit({ source: echoSum, tests: abTests }));
      expect(after).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
      expect(judged).toHaveLength(1);
      expect(await queue.cancel(id)).toBe('not-found');
    });

    it('cancels a running job: the run is aborted and the job ends cancelled, not retried', async () => {
      const runs: string[] = [];
      let running!: () => void;
      const judging = new Promise<void>((resolve) => (running = resolve));
      const { queue, startWorker } = setUp(async (request) => {
        running();
        try {
          return await judge(request);
        } finally {
          runs.push(request.signal!.aborted ? 'aborted' : 'finished');
        }
      });
      startWorker();
      const id = await queue.submit({ source: sleeper, tests: abTests });
      await judging;
      expect(await queue.cancel(id)).toBe('aborting');
      expect(await queue.result(id)).toEqual({ kind: 'cancelled', id });
      expect(runs).toEqual(['aborted']);
      expect(await queue.cancel(id)).toBe('cancelled');
      expect((await queue.counts()).failed).toBe(1);
    });

    it('hands a running job back to the queue when a worker stops with handBack, and another worker judges it', async () => {
      const { queue, startWorker } = setUp(judge);
      let running!: () => void;
      const judging = new Promise<void>((resolve) => (running = resolve));
      // The first worker's judge hangs until aborted; the second one's judges for real.
      const first = startWorker((request) => {
        running();
        return new Promise((_, reject) =>
          request.signal!.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      });
      const id = await queue.submit({ source: echoSum, tests: abTests });
      await judging;
      expect(await queue.bullQueue.getJobState(id)).toBe('active');
      await first.close({ handBack: true });
      expect(await queue.bullQueue.getJobState(id)).toBe('waiting');
      startWorker();
      expect(await queue.result(id)).toMatchObject({ kind: 'judged', attempts: 1, report: { verdict: 'AC' } });
    });

    it('on close, lets a running job finish within the grace period', async () => {
      const { queue, startWorker } = setUp(judge);
      let running!: () => void;
      const judging = new Promise<void>((resolve) => (running = resolve));
      const worker = startWorker(async (request) => (running(), judge(request)));
      const id = await queue.submit({ source: echoSum, tests: abTests });
      await judging;
      await worker.close({ graceMs: 60_000 });
      expect(await queue.peek(id)).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
    });

    it('gives a pending outcome when the wait times out, and not-found for an unknown id', async () => {
      const { queue } = setUp(judge);
      const id = await queue.submit({ source: echoSum, tests: abTests });
      expect(await queue.result(id, { timeoutMs: 200 })).toEqual({ kind: 'pending', id });
      expect(await queue.result('no-such-job')).toEqual({ kind: 'not-found', id: 'no-such-job' });
    });

    it('submits a batch in one call, and keeps a job id of your own unique', async () => {
      const { queue, startWorker } = setUp(judge);
      startWorker(judge, { concurrency: 2 });
      const ids = await queue.submitBatch([
        { source: echoSum, tests: abTests, id: 'contest-1-sub-1' },
        { source: wrong, tests: abTests },
        { source: echoSum, tests: abTests, id: 'contest-1-sub-1' },
      ]);
      expect(ids[0]).toBe('contest-1-sub-1');
      expect(ids[2]).toBe('contest-1-sub-1');
      const outcomes = await Promise.all(ids.map((id) => queue.result(id)));
      expect(outcomes.map((o) => o.kind === 'judged' && o.report.verdict)).toEqual(['AC', 'WA', 'AC']);
    });
  });

  describe('malformed jobs are rejected at submit', () => {
    const good = { source: echoSum, tests: abTests };
    const cases: [string, unknown, RegExp][] = [
      [
        'missing source',
        { tests: abTests },
        /Expected `source` to be a non-empty string \(the program text\), got `undefined` \(undefined\)/,
      ],
      ['empty source', { ...good, source: '  ' }, /Expected `source` to be a non-empty string/],
      [
        'negative time limit',
        { ...good, timeLimitMs: -1 },
        /Expected `timeLimitMs` to be a positive number \(ms\), got `-1` \(number\)/,
      ],
      [
        "memory limit over the queue's cap",
        { ...good, memoryLimitMb: 65_537 },
        /Expected `memoryLimitMb` to be at most 65536 MiB/,
      ],
      [
        'limit as a string',
        { ...good, outputLimitMb: '64' },
        /Expected `outputLimitMb` to be a positive number \(MiB\), got `"64"` \(string\)/,
      ],
      ['no tests', { ...good, tests: [] }, /Expected `tests` to be a non-empty array/],
      [
        'a test without expected output',
        { ...good, tests: [{ input: '1 2' }] },
        /Expected `tests\[0\]\.expected` to be a string/,
      ],
      ['unknown checker', { ...good, checker: 'fuzzy' }, /Expected `checker` to be 'tokens', 'exact', 'lines'/],
      [
        'a function checker (cannot cross machines)',
        { ...good, checker: () => 'AC' },
        /Expected `checker`.*\[function checker\]/,
      ],
      [
        'progress not a boolean',
        { ...good, progress: 'yes' },
        /Expected `progress` to be a boolean, got `"yes"` \(string\)/,
      ],
      [
        'unknown language',
        { ...good, language: 'cobol' },
        /Expected `language` to be one of 'c', 'cpp', 'python', 'java', 'javascript', 'rust', 'go', got `"cobol"` \(string\)/,
      ],
      [
        'a tests dir named by a relative path (it would resolve from the worker’s cwd)',
        { ...good, tests: '../../etc' },
        /Expected `tests` to be an absolute path on the workers without `\.\.`/,
      ],
      [
        'a tests dir that steps out with ..',
        { ...good, tests: '/shared/problems/../../root' },
        /Expected `tests` to be an absolute path on the workers without `\.\.`.*got `"\/shared\/problems\/\.\.\/\.\.\/root"`/,
      ],
      [
        'a testlib checker that is not a C++ source (judge() would run it as it is, on the host)',
        { ...good, checker: { testlib: '/bin/sh' } },
        /Expected `checker\.testlib` to be a C\+\+ source .*got `"\/bin\/sh"` \(string\)/,
      ],
      [
        'a testlib checker by a relative path',
        { ...good, checker: { testlib: 'checker.cpp' } },
        /Expected `checker\.testlib` to be an absolute path/,
      ],
      [
        'more inline tests than a job may carry',
        { ...good, tests: Array.from({ length: 1001 }, () => abTests[0]) },
        /Expected `tests` to be at most 1000 inline tests, got 1001 \(put many tests in a directory\)/,
      ],
      [
        'inline tests over 64 MiB',
        { ...good, tests: [{ input: 'x'.repeat(64 << 20), expected: '' }] },
        /Expected inline `tests` to be at most 67108864 bytes in all, got 67108865 bytes/,
      ],
      [
        'a std with a flag in it (compile() refused it on the worker: IE after every retry)',
        { ...good, std: 'c++17 -O0' },
        /Expected `std` to be a language standard such as c\+\+17, gnu\+\+20 or c11, got `"c\+\+17 -O0"` \(string\)/,
      ],
      [
        'more flags than a compile takes (300000 overflowed the stack on the worker: IE after every retry)',
        { ...good, flags: Array.from({ length: 300_000 }, (_, i) => `-DX${i}`) },
        /Expected `flags` to be an array of at most 64 strings of at most 1024 characters, got `\["-DX0"/,
      ],
      [
        'inline tests whose names carry the bytes',
        { ...good, tests: [{ name: 'n'.repeat((64 << 20) + 1), input: '', expected: '' }] },
        /Expected inline `tests` to be at most 67108864 bytes in all, got 67108865 bytes/,
      ],
      [
        'an id with a newline (it would forge a line of judge-worker’s log)',
        { ...good, id: 'a\njob 7: AC' },
        /Expected `id` to be a string of 1 to 256 characters, not only digits, without `:` or control characters/,
      ],
      [
        'files whose entry point has no known extension, and no language (IE after every retry on the worker)',
        { tests: abTests, files: [{ name: 'main.txt', content: echoSum }] },
        /Expected `language` to be given when the entry point \(main\.txt\) has an extension no built-in language takes, got `undefined`/,
      ],
      ['an id of 257 characters', { ...good, id: 'x'.repeat(257) }, /Expected `id` to be a string of 1 to 256/],
      [
        'numeric custom id',
        { ...good, id: '42' },
        /Expected `id` to be a string of 1 to 256 characters, not only digits/,
      ],
      ['not an object', 'int main(){}', /Expected `job` to be an object, got `"int main\(\)\{\}"` \(string\)/],
    ];
    for (const [name, job, message] of cases) {
      it(name, async () => {
        const { queue } = setUp(judge);
        await expect(queue.submit(job as never)).rejects.toThrow(message);
        expect((await queue.counts()).waiting).toBe(0);
      });
    }

    it('refuses absurd worker and queue options before connecting, naming them', () => {
      const connection = redis.url;
      expect(() => startJudgeWorker({ connection, progressIntervalMs: 120_000 })).toThrow(
        'Expected `progressIntervalMs` to be an integer from 0 to 60000, got `120000` (number)',
      );
      expect(() => startJudgeWorker({ connection, lockDurationMs: 2 ** 31 })).toThrow(
        'Expected `lockDurationMs` to be an integer from 100 to 2147483647, got `2147483648` (number)',
      );
      expect(() => startJudgeWorker({ connection, concurrency: 0 })).toThrow(
        'Expected `concurrency` to be a positive integer, got `0` (number)',
      );
      expect(() => createJudgeQueue({ connection, backoffMs: 1e12 })).toThrow(
        /Expected `backoffMs` to be an integer from 1 to 2147483647/,
      );
    });

    it('a job added past submit() (another BullMQ client) is checked by the worker: never run, IE with the reason, and the next job is judged', async () => {
      // fixtures/queue/shell-checker-job.json: judge() runs a checker that is not a .cpp as it is, on the host.
      const hostile = JSON.parse(fixture('shell-checker-job.json')) as Record<string, unknown>;
      const dir = await mkdtemp(join(tmpdir(), 'saferun-pwned-'));
      const pwned = join(dir, 'pwned');
      process.env.SAFERUN_PWNED = pwned;
      const { queue, startWorker } = setUp(judge);
      const raw = new Queue(`mechanics-${queueNumber}`, { connection: { host: '127.0.0.1', port: redis.port } });
      try {
        await raw.add('judge', hostile, { jobId: 'hostile', attempts: 3 });
        await raw.add('judge', null, { jobId: 'null-data', attempts: 3 });
        startWorker();
        expect(await queue.result('hostile')).toMatchObject({
          kind: 'judged',
          attempts: 1,
          report: {
            verdict: 'IE',
            message: expect.stringMatching(/^invalid job: Expected `checker\.testlib` to be a C\+\+ source/),
          },
        });
        expect(await queue.result('null-data')).toMatchObject({
          kind: 'judged',
          attempts: 1,
          report: { verdict: 'IE', message: 'invalid job: Expected `job` to be an object, got `null` (null)' },
        });
        expect(existsSync(pwned)).toBe(false);
        const next = await queue.result(await queue.submit({ source: echoSum, tests: abTests }));
        expect(next).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
      } finally {
        delete process.env.SAFERUN_PWNED;
        await raw.close();
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('with problemsDir, a job naming a tests dir or checker outside it (a symlink resolved) is never run: IE with the reason', async () => {
      const root = await mkdtemp(join(tmpdir(), 'saferun-problems-'));
      try {
        cpSync(join(ROOT, 'fixtures/judge/aplusb/tests'), join(root, 'ab'), { recursive: true });
        symlinkSync(join(ROOT, 'fixtures/judge/aplusb/tests'), join(root, 'escape'));
        let calls = 0;
        const { queue, startWorker } = setUp(async (request) => (calls++, judge(request)), { problemsDir: root });
        startWorker();
        const outside = join(ROOT, 'fixtures/judge/aplusb/tests');
        const checker = join(ROOT, 'fixtures/judge/testlib/checker.cpp');
        const refused = [
          [{ source: echoSum, tests: outside }, 'tests'],
          [{ source: echoSum, tests: join(root, 'escape') }, 'tests'],
          [{ source: echoSum, tests: join(root, 'ab'), checker: { testlib: checker } }, 'checker.testlib'],
        ] as const;
        for (const [job, field] of refused) {
          expect(await queue.result(await queue.submit(job))).toMatchObject({
            kind: 'judged',
            attempts: 1,
            report: {
              verdict: 'IE',
              message: expect.stringContaining(
                `invalid job: Expected \`${field}\` to be a path inside the worker's problems dir ${realpathSync(root)}, got`,
              ),
            },
          });
        }
        expect(calls).toBe(0);
        const inside = await queue.result(await queue.submit({ source: echoSum, tests: join(root, 'ab') }));
        expect(inside).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    });

    it('a batch with one bad job enqueues none, and says which', async () => {
      const { queue } = setUp(judge);
      await expect(queue.submitBatch([good, { ...good, timeLimitMs: 0 }])).rejects.toThrow(
        /^jobs\[1\]: Expected `timeLimitMs`/,
      );
      expect((await queue.counts()).waiting).toBe(0);
    });
  });
});
