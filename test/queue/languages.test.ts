// Jobs in other languages and in several files, judged by an in-process worker with the real judge() on a real Redis.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { judge } from '../../src/judge/index.js';
import { createJudgeQueue, startJudgeWorker, type JudgeQueue } from '../../src/queue/index.js';
import { ROOT, startRedis, type RedisServer } from './harness.js';
import { describeWith, needs } from '../helpers/requirements.js';

const read = (name: string) => readFileSync(join(ROOT, 'fixtures/judge/languages', name), 'utf8');
const tests = [
  { name: '1', input: '1 2\n', expected: '3\n' },
  { name: '2', input: '20 22\n', expected: '42\n' },
];

describeWith([needs.redis(), needs.bwrap(), needs.python(), needs.java()], 'queued jobs in any language', () => {
  let redis: RedisServer;
  let cacheDir: string;
  let queue: JudgeQueue;
  const open: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    [redis, cacheDir] = await Promise.all([startRedis(), mkdtemp(join(tmpdir(), 'saferun-queue-lang-'))]);
    queue = createJudgeQueue({ connection: redis.url, queueName: 'languages', backoffMs: 20 });
    const worker = startJudgeWorker({ connection: redis.url, queueName: 'languages', judge, cacheDir });
    open.push(queue, worker);
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(open.map((thing) => thing.close()));
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await redis?.dispose();
    if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  });

  it('a Python job in two files (the entry point imports the other) is AC', async () => {
    const id = await queue.submit({
      files: [
        { name: 'main.py', content: read('py-module/main.py') },
        { name: 'helper.py', content: read('py-module/helper.py') },
      ],
      tests,
    });
    expect(await queue.result(id)).toMatchObject({ kind: 'judged', report: { verdict: 'AC', passed: 2 } });
  }, 120_000);

  it('`main` picks the entry point; a one-file `source` names its language', async () => {
    const picked = await queue.submit({
      files: [
        { name: 'helper.py', content: read('py-module/helper.py') },
        { name: 'main.py', content: read('py-module/main.py') },
      ],
      main: 'main.py',
      tests,
    });
    const java = await queue.submit({ source: read('java-ac/Main.java'), language: 'java', tests, memoryLimitMb: 256 });
    const wrong = await queue.submit({ source: read('wa.py'), language: 'python', tests });
    const broken = await queue.submit({ source: read('ce.js'), language: 'javascript', tests });
    expect(await queue.result(picked)).toMatchObject({ report: { verdict: 'AC' } });
    expect(await queue.result(java)).toMatchObject({ report: { verdict: 'AC', passed: 2 } });
    expect(await queue.result(wrong)).toMatchObject({ report: { verdict: 'WA' } });
    expect(await queue.result(broken)).toMatchObject({
      report: { verdict: 'CE', message: expect.stringMatching(/SyntaxError/) },
    });
  }, 180_000);

  it('refuses malformed jobs before they reach Redis, naming the field', async () => {
    const file = { name: 'main.py', content: 'print(1)' };
    await expect(queue.submit({ files: [{ name: '../x.py', content: '' }], tests })).rejects.toThrow(
      'Expected `files[0].name` to be a plain file name such as `main.py` (no dirs), got `"../x.py"` (string)',
    );
    await expect(queue.submit({ files: [{ name: '-omain.py', content: '' }], tests })).rejects.toThrow(
      /Expected `files\[0\]\.name` to be a plain file name/,
    );
    await expect(queue.submit({ files: [file, file], tests })).rejects.toThrow(
      /Expected `files\[1\]\.name` to be a name no other file has/,
    );
    await expect(queue.submit({ source: 'x', files: [file], tests })).rejects.toThrow(/exactly one of them/);
    await expect(queue.submit({ files: [file], main: 'other.py', tests })).rejects.toThrow(
      /Expected `main` to be the name of one of `files`/,
    );
    await expect(queue.submit({ files: [file], language: 'cobol', tests })).rejects.toThrow(
      /Expected `language` to be one of/,
    );
    expect((await queue.counts()).waiting).toBe(0);
  });
});
