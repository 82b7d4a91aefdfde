import { readFileSync } from 'node:fs';
import { startJudgeWorker } from '../../queue/index.js';
import { processIo, reportUsageError, runTool, type CliIo, type Tool } from '../kit/index.js';
import { buildWorkerArgs, OPTIONS, WORKER_USAGE, type JudgeWorkerArgs } from './args.js';

type StopSignal = 'SIGTERM' | 'SIGINT';

/** The kit's io, plus where SIGTERM and SIGINT arrive (tests pass an emitter). */
export interface WorkerIo extends CliIo {
  /** @default process */
  signals?: {
    on(signal: StopSignal, listener: () => void): unknown;
    off(signal: StopSignal, listener: () => void): unknown;
  };
}

function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}

/** A URL the parser let through can still be refused here (`redis://h:99999`): one line and a hint, exit 2. */
function startOrExplain<T>(io: WorkerIo, start: () => T): T | undefined {
  try {
    return start();
  } catch (error) {
    reportUsageError(io, 'judge-worker', redactUrl((error as Error).message));
    return undefined;
  }
}

/** The connection: the URL, with the --tls-* files read in (TLS on) when given. */
function connectionOf(args: JudgeWorkerArgs): string | { url: string; tls: Record<string, Buffer> } {
  if (args.tls === undefined) return args.redis;
  const tls: Record<string, Buffer> = {};
  for (const [name, file] of Object.entries(args.tls)) {
    try {
      tls[name] = readFileSync(file);
    } catch (error) {
      throw new Error(
        `cannot read --tls-${name} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        { cause: error },
      );
    }
  }
  return { url: args.redis, tls };
}

/** Runs the worker until SIGTERM/SIGINT, then stops gracefully; resolves to the exit code. */
async function serveJobs(args: JudgeWorkerArgs, io: WorkerIo): Promise<number> {
  const reported = new Set<string>();
  const worker = startOrExplain(io, () =>
    startJudgeWorker({
      connection: connectionOf(args),
      concurrency: args.concurrency,
      ...(args.queueName ? { queueName: args.queueName } : {}),
      ...(args.prefix ? { prefix: args.prefix } : {}),
      ...(args.lockDurationMs ? { lockDurationMs: args.lockDurationMs } : {}),
      ...(args.stalledIntervalMs ? { stalledIntervalMs: args.stalledIntervalMs } : {}),
      ...(args.progressIntervalMs === undefined ? {} : { progressIntervalMs: args.progressIntervalMs }),
      ...(args.tmpDir ? { tmpDir: args.tmpDir } : {}),
      ...(args.cacheDir ? { cacheDir: args.cacheDir } : {}),
      ...(args.problemsDir ? { problemsDir: args.problemsDir } : {}),
      sandbox: args.sandbox,
      onJobEnd: ({ id, verdict, error, ms }) => {
        if (!args.quiet) io.stdout(`job ${id}: ${verdict ?? `not finished (${error})`} (${ms} ms)\n`);
      },
    }),
  );
  if (!worker) return 2;
  // One line for each distinct error until Redis answers again, not one for each reconnect attempt.
  worker.worker.on('ready', () => reported.clear());
  worker.worker.on('error', (error) => {
    // OpenSSL errors carry a short reason ('tlsv13 alert certificate required') beside a message of its internals.
    const reason = (error as { reason?: unknown }).reason;
    const message = (typeof reason === 'string' && reason !== '' ? reason : error.message).trim().replace(/\s+/g, ' ');
    if (!reported.has(message)) io.stderr(`judge-worker: redis: ${message} (retrying)\n`);
    reported.add(message);
  });
  let onSignal = () => {};
  const stopped = new Promise<void>((resolve) => {
    let stops = 0;
    onSignal = () => {
      stops += 1;
      if (stops === 1) {
        io.stdout(`judge-worker: stopping (running jobs get ${args.graceMs} ms, then go back to the queue)\n`);
        void worker
          .close({ graceMs: args.graceMs })
          .catch((error: unknown) => io.stderr(`judge-worker: ${(error as Error).message}\n`))
          .finally(resolve);
      } else {
        io.stdout('judge-worker: handing the running jobs back to the queue\n');
        void worker.close({ handBack: true }).catch(() => {});
      }
    };
  });
  io.signals?.on('SIGTERM', onSignal);
  io.signals?.on('SIGINT', onSignal);
  // A stop before Redis ever answered (a wrong address, say) is no reason to say ready.
  const readyFirst = await Promise.race([worker.ready().then(() => true), stopped.then(() => false)]);
  if (readyFirst)
    io.stdout(
      `judge-worker: ready on ${redactUrl(args.redis)}${args.tls ? ' with TLS' : ''} (queue ${args.queueName ?? 'saferun-judge'}, concurrency ${args.concurrency}, pid ${process.pid})\n`,
    );
  await stopped;
  io.signals?.off('SIGTERM', onSignal);
  io.signals?.off('SIGINT', onSignal);
  io.stdout('judge-worker: stopped\n');
  return 0;
}

function workerTool(signals: WorkerIo['signals']): Tool<JudgeWorkerArgs> {
  return {
    name: 'judge-worker',
    usage: WORKER_USAGE,
    options: OPTIONS,
    positionals: false,
    build: buildWorkerArgs,
    run: (args, io) => serveJobs(args, { ...io, ...(signals ? { signals } : {}) }),
  };
}

/** judge-worker: runs until SIGTERM/SIGINT, then stops gracefully; resolves to the exit code. */
export function main(argv: string[], io: WorkerIo = { ...processIo(), signals: process }): Promise<number> {
  return runTool(workerTool(io.signals), argv, io);
}
