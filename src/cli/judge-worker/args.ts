import { MAX_PROGRESS_INTERVAL_MS } from '../../queue/index.js';
import { MAX_TIMER_MS } from '../../shared/index.js';
import { SANDBOX_MODES, type SandboxMode } from '../../sandbox/index.js';
import { choiceOption, durationOption, integerOption, UsageError, type CommandLine } from '../kit/index.js';

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
  problemsDir?: string;
  sandbox: SandboxMode;
  quiet: boolean;
  /** PEM files for a TLS Redis: the CA to trust, and a client certificate and key if Redis asks for one. */
  tls?: { ca?: string; cert?: string; key?: string };
}

export const WORKER_USAGE = `Usage: judge-worker [--redis redis://host:port] [--concurrency N] [options]

Takes judge jobs from a Redis-backed queue and judges them. Run one per machine (or more),
all pointing at the same Redis. SIGTERM: finish the running jobs (up to --grace), hand back
the rest; a second SIGTERM hands them back at once.

  --redis URL              redis://[user:password@]host[:port][/db], rediss:// for TLS
                           (default: $REDIS_URL or redis://127.0.0.1:6379)
  --concurrency N          jobs judged at once (default 1)
  --queue NAME             queue name (default saferun-judge)
  --prefix PREFIX          BullMQ key prefix (default bull)
  --lock-duration TIME     a dead worker's job is taken again after this (default 30s)
  --stalled-interval TIME  how often to look for such jobs (default 30s)
  --progress-interval TIME a finished test's progress event waits this long to go out
                           with the next tests' (default 100ms, at most 1m; 0ms: one
                           event a test)
  --grace TIME             on SIGTERM, time running jobs may take before they are handed
                           back (default 30s)
  --tls-ca FILE            trust this CA (PEM) for a TLS Redis
  --tls-cert FILE          client certificate (PEM), for a Redis that checks clients
  --tls-key FILE           the client certificate's key (PEM); any --tls-* turns TLS on
  --tmp-dir DIR            where each job's binary is built (default: the OS temp dir)
  --cache-dir DIR          compile cache (default: $SAFERUN_CACHE_DIR, else ~/.cache/saferun)
  --problems DIR           jobs may name tests dirs and checkers inside DIR only
                           (default: anywhere the worker can read)
  --sandbox MODE           where submissions compile and run: auto (bwrap when it works,
                           else none with a warning; default), bwrap or none
  --quiet                  no line per job
  -h, --help               this help
  --version                the version

Durations need a unit: 500ms, 30s, 2m.`;

export const OPTIONS = {
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
  problems: { type: 'string' },
  sandbox: { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

function milliseconds(line: CommandLine, name: string, min: number, max: number): number | undefined {
  const raw = line.string(name);
  return raw === undefined ? undefined : Math.round(durationOption(name, raw, { min, max }));
}

/** Validates judge-worker's command line; `$REDIS_URL` is the default Redis. */
export function buildWorkerArgs(line: CommandLine): JudgeWorkerArgs {
  const redis = line.string('redis') ?? line.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redis)) throw new UsageError(`--redis needs a redis:// or rediss:// URL, got '${redis}'`);
  const concurrency = line.string('concurrency');
  const sandbox = line.string('sandbox');
  const args: JudgeWorkerArgs = {
    redis,
    concurrency: concurrency === undefined ? 1 : integerOption('concurrency', concurrency, 1),
    graceMs: milliseconds(line, 'grace', 0, MAX_TIMER_MS) ?? 30_000,
    sandbox: sandbox === undefined ? 'auto' : choiceOption('sandbox', sandbox, SANDBOX_MODES),
    quiet: line.flag('quiet'),
  };
  const lockDurationMs = milliseconds(line, 'lock-duration', 100, MAX_TIMER_MS);
  const stalledIntervalMs = milliseconds(line, 'stalled-interval', 100, MAX_TIMER_MS);
  const progressIntervalMs = milliseconds(line, 'progress-interval', 0, MAX_PROGRESS_INTERVAL_MS);
  if (lockDurationMs !== undefined) args.lockDurationMs = lockDurationMs;
  if (stalledIntervalMs !== undefined) args.stalledIntervalMs = stalledIntervalMs;
  if (progressIntervalMs !== undefined) args.progressIntervalMs = progressIntervalMs;
  const queueName = line.string('queue');
  const prefix = line.string('prefix');
  if (queueName !== undefined) args.queueName = queueName;
  if (prefix !== undefined) args.prefix = prefix;
  const tls = { ca: line.string('tls-ca'), cert: line.string('tls-cert'), key: line.string('tls-key') };
  if ((tls.cert === undefined) !== (tls.key === undefined))
    throw new UsageError('--tls-cert and --tls-key go together');
  if (Object.values(tls).some((file) => file !== undefined)) {
    args.tls = Object.fromEntries(Object.entries(tls).filter(([, file]) => file !== undefined));
  }
  const tmpDir = line.string('tmp-dir');
  const cacheDir = line.string('cache-dir');
  if (tmpDir !== undefined) args.tmpDir = tmpDir;
  if (cacheDir !== undefined) args.cacheDir = cacheDir;
  const problemsDir = line.string('problems');
  if (problemsDir !== undefined) args.problemsDir = problemsDir;
  return args;
}
