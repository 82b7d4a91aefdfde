import { parseArgs } from 'node:util';
import { integerRange, MAX_PROGRESS_INTERVAL_MS, MAX_TIMER_MS } from '../queue/invalid-job-error.js';

export interface JudgeWorkerArgs {
  redis: string;
  concurrency: number;
  queueName?: string;
  prefix?: string;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  graceMs: number;
  progressIntervalMs?: number;
  tmpDir?: string;
  cacheDir?: string;
  quiet: boolean;
  /** PEM files for a TLS Redis: the CA to trust, and a client certificate and key if Redis asks for one. */
  tls?: { ca?: string; cert?: string; key?: string };
}

export type ParsedWorkerArgs =
  { kind: 'run'; args: JudgeWorkerArgs } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

export const WORKER_USAGE = `Usage: judge-worker [--redis redis://host:port] [--concurrency N] [options]

Takes judge jobs from a Redis-backed queue and judges them. Run one per machine (or more),
all pointing at the same Redis. SIGTERM: finish the running jobs (up to --grace), hand back
the rest; a second SIGTERM hands them back at once.

  --redis URL              redis://[user:password@]host[:port][/db], rediss:// for TLS
                           (default: $REDIS_URL or redis://127.0.0.1:6379)
  --concurrency N          jobs judged at once (default 1)
  --queue NAME             queue name (default saferun-judge)
  --prefix PREFIX          BullMQ key prefix (default bull)
  --lock-duration MS       a dead worker's job is taken again after this (default 30000)
  --stalled-interval MS    how often to look for such jobs (default 30000)
  --progress-interval MS   a finished test's progress event waits this long to go out
                           with the next tests' (default 100, at most 60000; 0: one
                           event a test)
  --grace MS               on SIGTERM, time running jobs may take before they are handed back (default 30000)
  --tls-ca FILE            trust this CA (PEM) for a TLS Redis
  --tls-cert FILE          client certificate (PEM), for a Redis that checks clients
  --tls-key FILE           the client certificate's key (PEM); any --tls-* turns TLS on
  --tmp-dir DIR            where each job's binary is built (default: the OS temp dir)
  --cache-dir DIR          compile cache (default: $SAFERUN_CACHE_DIR, else ~/.cache/saferun)
  --quiet                  no line per job
  -h, --help               this help
  --version                the version`;

function parseInteger(name: string, raw: string | undefined, min: number, max: number): number | string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    return `--${name} expects an integer ${integerRange(min, max)}, got '${raw}'`;
  }
  return Number(raw);
}

/** Pure parsing of judge-worker's command line. */
export function parseWorkerArgs(argv: string[], env: Record<string, string | undefined> = {}): ParsedWorkerArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        redis: { type: 'string' },
        concurrency: { type: 'string' },
        queue: { type: 'string' },
        prefix: { type: 'string' },
        'lock-duration': { type: 'string' },
        'stalled-interval': { type: 'string' },
        grace: { type: 'string' },
        'progress-interval': { type: 'string' },
        'tls-ca': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'tmp-dir': { type: 'string' },
        'cache-dir': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const redis = values.redis ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redis))
    return { kind: 'error', message: `--redis expects a redis:// or rediss:// URL, got '${redis}'` };
  const numbers: Record<string, number | undefined> = {};
  const limits = [
    ['concurrency', 1, Number.MAX_SAFE_INTEGER],
    ['lock-duration', 100, MAX_TIMER_MS],
    ['stalled-interval', 100, MAX_TIMER_MS],
    ['grace', 0, MAX_TIMER_MS],
    ['progress-interval', 0, MAX_PROGRESS_INTERVAL_MS],
  ] as const;
  for (const [name, min, max] of limits) {
    const parsed = parseInteger(name, values[name], min, max);
    if (typeof parsed === 'string') return { kind: 'error', message: parsed };
    numbers[name] = parsed;
  }
  const args: JudgeWorkerArgs = {
    redis,
    concurrency: numbers.concurrency ?? 1,
    graceMs: numbers.grace ?? 30_000,
    quiet: values.quiet,
  };
  if (values.queue !== undefined) args.queueName = values.queue;
  if (values.prefix !== undefined) args.prefix = values.prefix;
  if (numbers['lock-duration'] !== undefined) args.lockDurationMs = numbers['lock-duration'];
  if (numbers['stalled-interval'] !== undefined) args.stalledIntervalMs = numbers['stalled-interval'];
  if (numbers['progress-interval'] !== undefined) args.progressIntervalMs = numbers['progress-interval'];
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
    return { kind: 'error', message: '--tls-cert and --tls-key go together' };
  const tls = { ca: values['tls-ca'], cert: values['tls-cert'], key: values['tls-key'] };
  if (Object.values(tls).some((file) => file !== undefined))
    args.tls = Object.fromEntries(Object.entries(tls).filter(([, file]) => file !== undefined));
  if (values['tmp-dir'] !== undefined) args.tmpDir = values['tmp-dir'];
  if (values['cache-dir'] !== undefined) args.cacheDir = values['cache-dir'];
  return { kind: 'run', args };
}
