import { access, constants, stat } from 'node:fs/promises';
import {
  ensureLimitHelper,
  internalError,
  LimitSession,
  resolveBackend,
  type ExecutorBackend,
  type RunOutcome,
} from './executor/index.js';
import { resolveSandbox, type ResolvedSandbox } from '../sandbox/index.js';
import type { LimitedResult, RunLimitedOptions } from './types.js';
import { normalizeLimits, type NormalizedLimits } from './limits.js';

/** Idle helper sessions by program, kept for a moment so that a loop of runs skips the helper's start. */
const idle = new Map<string, { session: LimitSession; timer: NodeJS.Timeout }[]>();
const IDLE_MS = 250;

/** The public result: the output decoded for display beside its bytes. */
function withText({ stdoutFile: _, ...outcome }: RunOutcome): LimitedResult {
  return { ...outcome, stdout: outcome.stdoutBuffer.toString('utf8') };
}

/**
 * Runs one program under CPU, wall, memory, output, stack and process limits (sandboxed when it
 * can, in a cgroup of its own when it can), and measures its CPU time and peak memory, even when it
 * is killed. Never rejects.
 * @example
 * const r = await runLimited('./a.out', [], { input: '1 2\n', timeLimitMs: 1000, memoryLimitMb: 256 });
 * r.kind; // 'ok' | 'time-limit' | 'memory-limit' | ...
 * r.cpuMs; r.memoryKb; r.stdout;
 */
export async function runLimited(
  file: string,
  args: readonly string[] = [],
  options: RunLimitedOptions = {},
): Promise<LimitedResult> {
  let limits: NormalizedLimits;
  try {
    limits = normalizeLimits(options);
    if (typeof file !== 'string' || file === '')
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- JS callers may pass a non-string
      throw new Error(`Expected \`file\` to be a non-empty string, got \`${String(file)}\``);
    if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string'))
      throw new Error('Expected `args` to be an array of strings');
  } catch (error) {
    return withText(internalError((error as Error).message, 'none'));
  }
  let sandbox: ResolvedSandbox | undefined;
  try {
    let helper: string;
    let backend: ExecutorBackend;
    [helper, sandbox, backend] = await Promise.all([
      ensureLimitHelper(options.cacheDir),
      resolveSandbox(limits.sandbox, options.onWarning),
      resolveBackend(limits.accounting, options.onWarning),
    ]);
    let key = '';
    if (file.includes('/')) {
      // A rebuilt binary is a new inode: a sandbox bound to the old one must not be reused.
      const info = await stat(file).catch((error: unknown) => error as NodeJS.ErrnoException);
      const missing =
        info instanceof Error
          ? info.code
          : await access(file, constants.X_OK).then(
              () => undefined,
              (error: unknown) => (error as NodeJS.ErrnoException).code,
            );
      if (missing || info instanceof Error)
        return withText(internalError(`cannot run the program ${file} (${missing ?? 'EACCES'})`, sandbox.kind));
      key = `${info.ino}:${info.mtimeMs}`;
    }
    const sessionOptions = {
      helper,
      program: file,
      args,
      sandbox,
      backend,
      inputDirs: [],
      ...(options.env ? { env: options.env } : {}),
      ...(options.readOnlyPaths ? { readOnlyPaths: options.readOnlyPaths } : {}),
    };
    if (options.signal) {
      // An abortable run gets its own session: aborting kills the helper.
      const session = await LimitSession.open({ ...sessionOptions, signal: options.signal });
      try {
        return withText(await session.run(runRequest(limits, options)));
      } finally {
        await session.close();
      }
    }
    key = JSON.stringify([
      sandbox.kind,
      backend.accounting,
      file,
      key,
      args,
      options.env ?? null,
      options.readOnlyPaths ?? null,
    ]);
    const session = takeIdle(key) ?? (await LimitSession.open(sessionOptions));
    const result = await session.run(runRequest(limits, options));
    giveBack(key, session);
    return withText(result);
  } catch (error) {
    return withText(internalError((error as Error).message, sandbox?.kind ?? 'none'));
  }
}

function runRequest(limits: NormalizedLimits, options: RunLimitedOptions) {
  return {
    limits,
    ...(options.inputFile !== undefined ? { inputFile: options.inputFile } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
  };
}

function takeIdle(key: string): LimitSession | undefined {
  const list = idle.get(key);
  while (list && list.length > 0) {
    const { session, timer } = list.pop()!;
    clearTimeout(timer);
    if (session.alive) return session;
    void session.close();
  }
  return undefined;
}

function giveBack(key: string, session: LimitSession): void {
  if (!session.alive) {
    void session.close();
    return;
  }
  const list = idle.get(key) ?? [];
  idle.set(key, list);
  const entry = {
    session,
    timer: setTimeout(() => {
      list.splice(list.indexOf(entry), 1);
      if (list.length === 0 && idle.get(key) === list) idle.delete(key);
      void session.close();
    }, IDLE_MS),
  };
  list.push(entry);
}
