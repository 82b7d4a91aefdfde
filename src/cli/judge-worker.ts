import { readFileSync } from 'node:fs';
import { readVersion } from './read-version.js';
import { startJudgeWorker } from '../queue/index.js';
import { parseWorkerArgs, WORKER_USAGE, type JudgeWorkerArgs } from './judge-worker-args.js';

type StopSignal = 'SIGTERM' | 'SIGINT';

export interface WorkerIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: Record<string, string | undefined>;
  /** Where SIGTERM and SIGINT arrive. @default process */
  signals?: {
    on(signal: StopSignal, listener: () => void): unknown;
    off(signal: StopSignal, listener: () => void): unknown;
  };
}

const defaultIo: WorkerIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  env: process.env,
  signals: process,
};

function redactUrl(raw: string): string {
  return raw.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
}

/** A URL the parser let through can still be refused here (`redis://h:99999`): one line and a hint, exit 2. */
function startOrExplain<T>(io: WorkerIo, start: () => T): T | undefined {
  try {
    return start();
  } catch (error) {
    io.stderr(`judge-worker: ${redactUrl((error as Error).message)}\nTry 'judge-worker --help'.\n`);
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

/** judge-worker: runs until SIGTERM/SIGINT, then stops gracefully; resolves to the exit code. */
export async function main(argv: string[], io: WorkerIo = defaultIo): Promise<number> {
  const parsed = parseWorkerArgs(argv, io.env ?? {});
  if (parsed.kind === 'help') return (io.stdout(`${WORKER_USAGE}\n`), 0);
  if (parsed.kind === 'version') return (io.stdout(`${readVersion()}\n`), 0);
  if (parsed.kind === 'error') return (io.stderr(`judge-worker: ${parsed.message}\nTry 'judge-worker --help'.\n`), 2);
  const { args } = parsed;
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
