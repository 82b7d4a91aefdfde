// Benchmark of the distributed judge: 200 small submissions (A+B, 10 tests each) through the
// Redis-backed queue with 1, 2 and 4 judge-worker processes, against judge() called directly in
// one process; then the queue's overhead per job, from alternating direct and one-worker rounds.
// Run with `npm run bench:queue` (builds first). Needs redis-server and g++.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../dist/compile/index.js';
import { execFile, spawn } from '../dist/index.js';
import { judge } from '../dist/judge/index.js';
import { createJudgeQueue } from '../dist/queue/index.js';
import { median } from './median.js';

const ROOT = new URL('../', import.meta.url).pathname;
const JOBS = Number(process.env.QUEUE_BENCH_JOBS ?? 200);
const WORKER_COUNTS = [1, 2, 4];
const PAIR_ROUNDS = Number(process.env.QUEUE_BENCH_ROUNDS ?? 5);
const PAIR_JOBS = Math.max(1, Math.round(JOBS / 2));
const tests = Array.from({ length: 10 }, (_, i) => ({
  name: String(i + 1),
  input: `${i * 1000} ${i * 7 + 1}\n`,
  expected: `${i * 1007 + 1}\n`,
}));
const limits = { timeLimitMs: 1000, memoryLimitMb: 256 };

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a child and resolves once a stdout line matches, to `{ proc }` (a Subprocess is thenable). */
function startUntil(file, args, pattern, env = {}) {
  let ready;
  const seen = new Promise((resolve) => (ready = resolve));
  const lines = [];
  const proc = spawn(file, args, {
    env,
    forceKillAfter: 5000,
    onStdout: (line) => (lines.push(line), pattern.test(line) && ready()),
    onStderr: (line) => lines.push(line),
  });
  return Promise.race([
    seen.then(() => ({ proc })),
    Promise.resolve(proc).then((result) =>
      Promise.reject(new Error(`${file} ended (${result.kind}) before ready:\n${lines.join('\n')}`)),
    ),
  ]);
}

async function redisInfo(port) {
  const result = await execFile('redis-cli', ['-p', String(port), 'INFO', 'all']);
  const fields = Object.fromEntries(
    result.stdout
      .split(/\r?\n/)
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
  );
  const byCommand = Object.fromEntries(
    Object.entries(fields)
      .filter(([k]) => k.startsWith('cmdstat_'))
      .map(([k, v]) => [
        k.slice(8),
        { calls: Number(/calls=(\d+)/.exec(v)?.[1] ?? 0), usec: Number(/usec=(\d+)/.exec(v)?.[1] ?? 0) },
      ]),
  );
  const calls = Object.values(byCommand).reduce((sum, c) => sum + c.calls, 0);
  const cpuMs = (Number(fields.used_cpu_user) + Number(fields.used_cpu_sys)) * 1000;
  return { calls, cpuMs, byCommand };
}

const fmt = (n, digits = 1) => n.toFixed(digits);

const workerArgsFor = (url, queueName, cacheDir) => [
  join(ROOT, 'bin/judge-worker.js'),
  '--redis',
  url,
  '--queue',
  queueName,
  '--quiet',
  '--cache-dir',
  cacheDir,
];

async function main() {
  const source = await readFile(join(ROOT, 'fixtures/queue/ab.cpp'), 'utf8');
  const work = await mkdtemp(join(tmpdir(), 'saferun-bench-queue-'));
  const cacheDir = join(work, 'cache');
  const port = await freePort();
  const { proc: redis } = await startUntil(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', work, '--save', '', '--appendonly', 'no'],
    /Ready to accept connections/,
  );
  const url = `redis://127.0.0.1:${port}`;
  const rows = [];
  const pairs = [];
  try {
    console.log(
      `queue bench: ${JOBS} submissions (A+B, ${tests.length} tests each), Node ${process.version}, ${availableParallelism()} cores`,
    );
    // Warm-up: builds the judge's helper and fills the compile cache, so no row pays for g++.
    const directOnce = async () => {
      const compiled = await compile({ code: source, name: 'main.cpp' }, { output: join(work, 'main'), cacheDir });
      return judge({ compiled, tests, ...limits, cacheDir });
    };
    const warm = await directOnce();
    if (warm.verdict !== 'AC') throw new Error(`warm-up judged ${warm.verdict}: ${warm.message}`);

    const runDirect = async (jobs) => {
      const started = performance.now();
      for (let i = 0; i < jobs; i++) {
        const report = await directOnce();
        if (report.verdict !== 'AC') throw new Error(`direct run ${i} judged ${report.verdict}`);
      }
      return performance.now() - started;
    };
    const runQueue = async (queue, jobs) => {
      const started = performance.now();
      const ids = await queue.submitBatch(Array.from({ length: jobs }, () => ({ source, tests, ...limits })));
      const outcomes = await Promise.all(ids.map((id) => queue.result(id)));
      const ms = performance.now() - started;
      const bad = outcomes.filter((o) => o.kind !== 'judged' || o.report.verdict !== 'AC');
      if (bad.length > 0) throw new Error(`${bad.length} jobs not AC, e.g. ${JSON.stringify(bad[0]).slice(0, 300)}`);
      return { ms, ids };
    };
    const startWorkers = async (count, queueName) =>
      (
        await Promise.all(
          Array.from({ length: count }, () =>
            startUntil(process.execPath, workerArgsFor(url, queueName, cacheDir), /judge-worker: ready/),
          ),
        )
      ).map((w) => w.proc);
    const stopWorkers = async (workers) => {
      for (const worker of workers) worker.kill('SIGTERM');
      await Promise.all(workers.map((worker) => Promise.resolve(worker)));
    };

    rows.push({ setup: 'judge() directly, one process', ms: await runDirect(JOBS) });
    for (const count of WORKER_COUNTS) {
      const queueName = `bench-${count}`;
      const workers = await startWorkers(count, queueName);
      const queue = createJudgeQueue({ connection: url, queueName });
      await queue.ready();
      const before = await redisInfo(port);
      const { ms, ids } = await runQueue(queue, JOBS);
      const after = await redisInfo(port);
      if (process.env.QUEUE_BENCH_VERBOSE) {
        const diff = Object.entries(after.byCommand).map(([name, c]) => [
          name,
          c.calls - (before.byCommand[name]?.calls ?? 0),
          c.usec - (before.byCommand[name]?.usec ?? 0),
        ]);
        console.log(
          diff
            .filter(([, calls]) => calls > 0)
            .sort((a, b) => b[2] - a[2])
            .map(([n, calls, usec]) => `${n}: ${fmt(calls / JOBS)} calls, ${fmt(usec / JOBS / 1000, 3)} ms`)
            .join('\n'),
        );
      }
      // Time each worker spent inside the processor (compile cache hit + judge()), from BullMQ's own timestamps.
      const jobs = await Promise.all(ids.map((id) => queue.bullQueue.getJob(id)));
      const processingMs = jobs.reduce((sum, job) => sum + (job.finishedOn - job.processedOn), 0);
      rows.push({
        setup: `queue, ${count} worker process${count > 1 ? 'es' : ''}`,
        ms,
        workers: count,
        processingMs,
        calls: (after.calls - before.calls) / JOBS,
        redisCpuMs: (after.cpuMs - before.cpuMs) / JOBS,
      });
      await queue.close();
      await stopWorkers(workers);
    }

    // The overhead against judge() called directly: the machine's load drifts over a run, so direct and
    // one-worker batches alternate, and each pair gives one difference.
    const queueName = 'bench-pairs';
    const workers = await startWorkers(1, queueName);
    const queue = createJudgeQueue({ connection: url, queueName });
    await queue.ready();
    for (let round = 0; round < PAIR_ROUNDS; round++) {
      const direct = await runDirect(PAIR_JOBS);
      const { ms } = await runQueue(queue, PAIR_JOBS);
      pairs.push((ms - direct) / PAIR_JOBS);
    }
    await queue.close();
    await stopWorkers(workers);
  } finally {
    redis.kill('SIGTERM');
    await redis;
    await rm(work, { recursive: true, force: true });
  }

  const queueRows = rows.filter((row) => row.workers !== undefined);
  console.log('');
  console.log('| setup | total s | jobs/s | wall ms/job | Redis commands/job | Redis CPU ms/job |');
  console.log('|---|---|---|---|---|---|');
  for (const row of rows) {
    const cells = [
      row.setup,
      fmt(row.ms / 1000, 2),
      fmt(JOBS / (row.ms / 1000)),
      fmt(row.ms / JOBS, 2),
      row.calls === undefined ? '' : fmt(row.calls, 0),
      row.redisCpuMs === undefined ? '' : fmt(row.redisCpuMs, 3),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
  const one = queueRows[0];
  const outside = (one.ms - one.processingMs) / JOBS;
  const overhead = median(pairs);
  console.log('');
  console.log(
    `queue overhead per job, 1 worker process, against judge() directly: median ${fmt(overhead, 2)} ms over ${PAIR_ROUNDS} alternating rounds of ${PAIR_JOBS} jobs (each round: ${pairs.map((p) => fmt(p, 2)).join(', ')}); target < 5 ms: ${overhead < 5 ? 'met' : 'MISSED'}`,
  );
  console.log(
    `  of which outside the processor (wall time minus the jobs' processedOn..finishedOn): ${fmt(outside, 2)} ms`,
  );
  const redisCpu = queueRows.reduce((sum, row) => sum + row.redisCpuMs, 0) / queueRows.length;
  const calls = queueRows.reduce((sum, row) => sum + row.calls, 0) / queueRows.length;
  console.log(
    `Redis per job: ${fmt(calls, 0)} commands, ${fmt(redisCpu, 3)} ms CPU; one Redis core could carry about ${fmt(1000 / redisCpu, 0)} such jobs/s (used_cpu over the run, idle housekeeping included)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
