// judge-worker processes on a private Redis, judging real C++ with the real judge().
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createJudgeQueue, type JudgeJob, type JudgeQueue, type WaitOutcome } from '../../src/queue/index.js';
import { ensureBuilt, ROOT, startRedis, startWorkerProcess, type RedisServer, type Watched } from './harness.js';
import { describeWith, needs } from '../helpers/requirements.js';

describeWith([needs.redis(), needs.gpp()], 'judge-worker processes on a real Redis', () => {
  const source = (name: string) => readFileSync(join(ROOT, 'fixtures/queue', name), 'utf8');
  const abTests = [
    { name: '1', input: '1 2\n', expected: '3\n' },
    { name: '2', input: '-5 5\n', expected: '0\n' },
    { name: '3', input: '1000000000000 1\n', expected: '1000000000001\n' },
  ];
  const kinds: { file: string; verdict: string; timeLimitMs?: number }[] = [
    { file: 'ab.cpp', verdict: 'AC' },
    { file: 'ab-wrong.cpp', verdict: 'WA' },
    { file: 'ab-ce.cpp', verdict: 'CE' },
    { file: 'ab-re.cpp', verdict: 'RE' },
    { file: 'ab-loop.cpp', verdict: 'TLE', timeLimitMs: 200 },
  ];

  let redis: RedisServer;
  let cacheDir: string;
  let queueNumber = 0;
  const workers: Watched[] = [];
  const queues: JudgeQueue[] = [];

  beforeAll(async () => {
    [redis, cacheDir] = await Promise.all([
      startRedis(),
      mkdtemp(join(tmpdir(), 'saferun-queue-cache-')),
      ensureBuilt(),
    ]);
  }, 180_000);

  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.proc.kill('SIGKILL');
      await worker.proc;
    }
    await Promise.allSettled(queues.splice(0).map((queue) => queue.close()));
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await redis?.dispose();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  function newQueue(): { queue: JudgeQueue; queueName: string } {
    const queueName = `workers-${++queueNumber}`;
    const queue = createJudgeQueue({ connection: redis.url, queueName, backoffMs: 100 });
    queues.push(queue);
    return { queue, queueName };
  }

  async function startWorker(queueName: string, extra: string[] = []): Promise<Watched> {
    const worker = await startWorkerProcess(redis.url, ['--queue', queueName, ...extra], {
      SAFERUN_CACHE_DIR: cacheDir,
    });
    workers.push(worker);
    return worker;
  }

  const verdictOf = (outcome: WaitOutcome) => (outcome.kind === 'judged' ? outcome.report.verdict : outcome.kind);

  describe('judge-worker processes', () => {
    it('judges 50 submissions over 2 worker processes, each with its correct verdict, compiling each source about once', async () => {
      const { queue, queueName } = newQueue();
      const [first, second] = await Promise.all([startWorker(queueName), startWorker(queueName)]);
      const jobs: JudgeJob[] = Array.from({ length: 50 }, (_, index) => {
        const kind = kinds[index % kinds.length]!;
        return { source: source(kind.file), tests: abTests, timeLimitMs: kind.timeLimitMs ?? 2000, memoryLimitMb: 128 };
      });
      const ids = await queue.submitBatch(jobs);
      const outcomes = await Promise.all(ids.map((id) => queue.result(id)));
      expect(outcomes.map(verdictOf)).toEqual(ids.map((_, index) => kinds[index % kinds.length]!.verdict));
      // Both processes took work: each logged some of the jobs, and no job was logged twice.
      const logged = () =>
        [first, second].map((worker) => worker.lines.filter((line) => /^job \S+: [A-Z]{2}/.test(line)).length);
      await expect.poll(() => logged()[0]! + logged()[1]!).toBe(50);
      expect(logged().every((count) => count > 0)).toBe(true);
      // One shared compile cache: g++ ran at most once per distinct source and process, not 50 times.
      const compiled = outcomes.filter(
        (outcome) =>
          outcome.kind === 'judged' && (outcome.report.compile as { cached?: boolean } | undefined)?.cached === false,
      );
      expect(compiled.length).toBeLessThanOrEqual(2 * kinds.length);
    }, 120_000);

    it('a worker SIGKILLed mid-job loses nothing: another worker takes the job after its lock expires, and it completes once', async () => {
      const { queue, queueName } = newQueue();
      // Short enough for a quick test, long enough that a loaded machine's pauses do not pass for a dead worker.
      const lockArgs = ['--lock-duration', '3s', '--stalled-interval', '1s'];
      const completions: string[] = [];
      const events = new QueueEvents(queueName, { connection: { host: '127.0.0.1', port: redis.port } });
      queues.push({ close: () => events.close() } as JudgeQueue);
      events.on('completed', ({ jobId }) => void completions.push(jobId));
      await events.waitUntilReady();
      const doomed = await startWorker(queueName, lockArgs);
      // Three tests of 1.5 s each: the first one's progress proves the job is under way on `doomed`.
      const id = await queue.submit({ source: source('ab-slow.cpp'), tests: abTests, timeLimitMs: 2000 });
      const progressed = new Promise<void>((resolve) =>
        queue.onProgress((progress) => progress.id === id && resolve()),
      );
      await progressed;
      doomed.proc.kill('SIGKILL');
      await doomed.proc;
      expect(await queue.bullQueue.getJobState(id)).toBe('active');
      const rescuer = await startWorker(queueName, lockArgs);
      const outcome = await queue.result(id);
      expect(outcome).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
      expect(outcome.kind === 'judged' && outcome.report.tests).toHaveLength(3);
      await rescuer.waitFor(new RegExp(`^job ${id}: AC `));
      // Let any duplicate completion show up before counting.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(rescuer.lines.filter((line) => line.startsWith(`job ${id}: `))).toHaveLength(1);
      expect(completions.filter((jobId) => jobId === id)).toEqual([id]);
    }, 90_000);

    it('SIGTERM with no grace left hands the running job back: the process exits 0 and another worker judges the job', async () => {
      const { queue, queueName } = newQueue();
      const leaving = await startWorker(queueName, ['--grace', '0s']);
      const id = await queue.submit({ source: source('ab-slow.cpp'), tests: abTests, timeLimitMs: 2000 });
      const progressed = new Promise<void>((resolve) =>
        queue.onProgress((progress) => progress.id === id && resolve()),
      );
      await progressed;
      leaving.proc.kill('SIGTERM');
      const exit = await leaving.proc;
      expect(exit.exitCode).toBe(0);
      expect(leaving.lines.at(-1)).toBe('judge-worker: stopped');
      expect(await queue.bullQueue.getJobState(id)).toBe('waiting');
      await startWorker(queueName);
      const outcome = await queue.result(id);
      expect(outcome).toMatchObject({ kind: 'judged', report: { verdict: 'AC', passed: 3 } });
    }, 60_000);

    it('cancels a job running on a worker process: the run is aborted, the job ends cancelled', async () => {
      const { queue, queueName } = newQueue();
      const worker = await startWorker(queueName);
      const id = await queue.submit({ source: source('ab-slow.cpp'), tests: abTests, timeLimitMs: 2000 });
      const tests: string[] = [];
      const progressed = new Promise<void>((resolve) =>
        queue.onProgress((progress) => {
          if (progress.id !== id) return;
          tests.push(progress.test.name);
          resolve();
        }),
      );
      await progressed;
      expect(await queue.cancel(id)).toBe('aborting');
      expect(await queue.result(id)).toEqual({ kind: 'cancelled', id });
      await worker.waitFor(new RegExp(`^job ${id}: not finished \\(cancelled by the submitter\\)`));
      expect(tests.length).toBeLessThan(3);
      // The worker goes on with the next job.
      expect(verdictOf(await queue.result(await queue.submit({ source: source('ab.cpp'), tests: abTests })))).toBe(
        'AC',
      );
    }, 60_000);

    it('survives a Redis restart mid-run: the workers reconnect and no job is lost', async () => {
      const { queue, queueName } = newQueue();
      const lockArgs = ['--lock-duration', '4s', '--stalled-interval', '1s'];
      const [first, second] = await Promise.all([startWorker(queueName, lockArgs), startWorker(queueName, lockArgs)]);
      const jobs: JudgeJob[] = Array.from({ length: 16 }, (_, index) => ({
        source: source(index % 2 === 0 ? 'ab-slow.cpp' : index % 4 === 1 ? 'ab.cpp' : 'ab-wrong.cpp'),
        tests: abTests.slice(0, 1),
        timeLimitMs: 2000,
      }));
      const expected = jobs.map((_, index) => (index % 2 === 0 || index % 4 === 1 ? 'AC' : 'WA'));
      const ids = await queue.submitBatch(jobs);
      const results = Promise.all(ids.map((id) => queue.result(id)));
      await expect
        .poll(async () => (await queue.counts()).completed, { timeout: 60_000, interval: 100 })
        .toBeGreaterThanOrEqual(2);
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await redis.start();
      expect((await results).map(verdictOf)).toEqual(expected);
      // Both processes lived through it and saw the outage.
      for (const worker of [first, second]) expect(worker.proc.child?.exitCode).toBeNull();
      expect([...first.lines, ...second.lines].some((line) => line.includes('judge-worker: redis:'))).toBe(true);
    }, 120_000);
  });
});
