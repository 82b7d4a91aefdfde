import { access, constants, readFile } from 'node:fs/promises';
import { execFile } from '../process/index.js';
import type { Measurement } from './classify-run.js';
import { collectResult, internalError } from './collect-result.js';
import { ensureLimitHelper } from './limit-helper.js';
import { buildLimitedCommand } from './limited-command.js';
import { createRunDir, reachableProgram, writeInput, type RunDir } from './run-dir.js';
import { resolveSandbox } from './sandbox.js';
import type { LimitedResult, RunLimitedOptions } from './types.js';
import { normalizeLimits, type NormalizedLimits } from './validate-limits.js';

/**
 * Runs one program under CPU, wall, memory, output, stack and process limits (sandboxed when it
 * can), and measures its CPU time and peak memory, even when it is killed. Never rejects.
 * @example
 * const r = await runLimited('./a.out', [], { input: '1 2\n', timeLimitMs: 1000, memoryLimitMb: 256 });
 * r.kind; // 'ok' | 'time-limit' | 'memory-limit' | ...
 * r.cpuMs; r.memoryKb; r.stdout;
 */
export async function runLimited(file: string, args: readonly string[] = [], options: RunLimitedOptions = {}): Promise<LimitedResult> {
  let limits: NormalizedLimits;
  try {
    limits = normalizeLimits(options);
    if (typeof file !== 'string' || file === '') throw new Error(`Expected \`file\` to be a non-empty string, got \`${String(file)}\``);
  } catch (error) {
    return internalError((error as Error).message, 'none');
  }
  let dir: RunDir | undefined;
  let sandboxKind: 'bwrap' | 'none' = 'none';
  try {
    const [helper, sandbox] = await Promise.all([ensureLimitHelper(options.cacheDir), resolveSandbox(limits.sandbox, options.onWarning)]);
    sandboxKind = sandbox.kind;
    dir = await createRunDir();
    if (file.includes('/')) {
      const missing = await access(file, constants.X_OK).then(() => undefined, (error: NodeJS.ErrnoException) => error.code ?? 'EACCES');
      if (missing) return internalError(`cannot run the program ${file} (${missing})`, sandboxKind);
    }
    const program = file.includes('/') && sandbox.kind === 'none' ? await reachableProgram(dir.path, dir.uid !== undefined, file) : file;
    const inputFile = options.inputFile ?? (options.input !== undefined ? await writeInput(dir, options.input) : undefined);
    const command = await buildLimitedCommand({ helper, program, args, inputFile, readOnlyPaths: options.readOnlyPaths ?? [] }, dir, limits, sandbox);
    const run = await execFile(command.file, command.args, {
      env: options.env ?? defaultEnv(sandbox.kind === 'bwrap' ? '/.saferun/run/work' : dir.work),
      extendEnv: false,
      // The helper enforces the wall limit itself; this only guards against the helper hanging.
      timeout: limits.wallTimeLimitMs + 5000,
      killSignal: 'SIGKILL',
      maxBuffer: 1 << 20,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const measurement = await readMeasurement(dir);
    if (!measurement) {
      const why = run.kind === 'timeout' ? 'the limit helper did not finish' : run.stderr.trim() || run.error?.message || `helper ended with ${run.kind}`;
      return internalError(`could not measure the run: ${why}`, sandboxKind);
    }
    return await collectResult(dir, measurement, limits, sandboxKind);
  } catch (error) {
    return internalError((error as Error).message, sandboxKind);
  } finally {
    // In the background: the caller has its result; pending fs work keeps Node alive until done.
    dir?.remove().catch(() => {});
  }
}

export function defaultEnv(home: string): Record<string, string> {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: home, TMPDIR: home, LANG: 'C.UTF-8' };
}

async function readMeasurement(dir: RunDir): Promise<Measurement | undefined> {
  try {
    return JSON.parse(await readFile(dir.result, 'utf8')) as Measurement;
  } catch {
    return undefined;
  }
}
