// A job whose tests dir is a problem package, judged by an in-process worker running the real
// judge() on a real Redis: the package's validator, limits and scores come through the queue.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { judge } from '../../src/judge/index.js';
import { createJudgeQueue, startJudgeWorker } from '../../src/queue/index.js';
import { ROOT, startRedis, type RedisServer } from './harness.js';
import { describeWith, needs } from '../helpers/requirements.js';

describeWith([needs.redis(), needs.gpp()], 'the queue on problem packages', () => {
  let redis: RedisServer;
  let cacheDir: string;
  const open: { close(): Promise<void> }[] = [];
  const packages = join(ROOT, 'fixtures/judge/packages');
  const source = (path: string) => readFileSync(join(packages, path), 'utf8');

  beforeAll(async () => {
    [redis, cacheDir] = await Promise.all([startRedis(), mkdtemp(join(tmpdir(), 'saferun-queue-cache-'))]);
  });
  afterAll(async () => {
    await Promise.allSettled(open.map((thing) => thing.close()));
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await redis?.dispose();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  function setUp(queueName: string) {
    const queue = createJudgeQueue({ connection: redis.url, queueName });
    const worker = startJudgeWorker({
      connection: { host: '127.0.0.1', port: redis.port },
      queueName,
      judge,
      cacheDir,
    });
    open.push(queue, worker);
    return queue;
  }

  it('a scored package: the score, the groups and the validator feedback reach the submitter', async () => {
    const queue = setUp('packages-scored');
    const [scored, feedback] = await Promise.all([
      queue.submit({
        source: source('scored/submissions/partially_accepted/partial.cpp'),
        tests: join(packages, 'scored'),
      }),
      queue.submit({
        source: source('validator-files/submissions/wrong_answer/difference.cpp'),
        tests: join(packages, 'validator-files'),
      }),
    ]);
    const partial = await queue.result(scored);
    expect(partial).toMatchObject({ kind: 'judged', report: { verdict: 'WA', score: 20, maxScore: 100, skipped: 2 } });
    expect(partial.kind === 'judged' && partial.report.groups?.map((group) => group.score)).toEqual([0, 20, 0, 0]);
    const rejected = await queue.result(feedback);
    expect(rejected).toMatchObject({
      kind: 'judged',
      report: { verdict: 'WA', tests: [{ feedback: { teamMessage: 'check your addition\n' } }] },
    });
  }, 120_000);

  it('a job without limits gets the package’s; a job’s limit overrides it', async () => {
    const queue = setUp('packages-limits');
    const big = source('limits/submissions/memory_limit_exceeded/big-array.cpp');
    const tests = join(packages, 'limits');
    const [tight, roomy] = await Promise.all([
      queue.submit({ source: big, tests }),
      queue.submit({ source: big, tests, memoryLimitMb: 128 }),
    ]);
    expect(await queue.result(tight)).toMatchObject({
      kind: 'judged',
      report: { verdict: 'MLE', tests: [{ message: 'memory limit of 32 MB exceeded' }] },
    });
    expect(await queue.result(roomy)).toMatchObject({ kind: 'judged', report: { verdict: 'AC' } });
  }, 120_000);
});
