import { access, constants, open, readFile, stat } from 'node:fs/promises';
import { execFile } from '../process/index.js';
import { classifyRun, signalName, type Measurement } from './classify-run.js';
import { ensureLimitHelper } from './limit-helper.js';
import { buildLimitedCommand } from './limited-command.js';
import { createRunDir, reachableProgram, writeInput, type RunDir } from './run-dir.js';
import { resolveSandbox } from './sandbox.js';
import type { LimitedResult, RunLimitedOptions } from './types.js';
import { normalizeLimits, type NormalizedLimits } from './validate-limits.js';

const STDERR_KEPT = 64 * 1024;
const EXEC_ERRORS: Record<string, string> = { '2': 'ENOENT', '8': 'ENOEXEC', '13': 'EACCES', '11': 'EAGAIN', '1': 'EPERM' };

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
    const program = file.includes('/') && sandbox.kind === 'none' ? await reachableProgram(dir, file) : file;
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
    await dir?.remove().catch(() => {});
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

async function readHead(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function collectResult(dir: RunDir, m: Measurement, limits: NormalizedLimits, sandbox: 'bwrap' | 'none'): Promise<LimitedResult> {
  if (m.error) {
    const [stage, errno] = m.error.split(' ');
    return internalError(`could not start the program (${stage}: ${EXEC_ERRORS[errno ?? ''] ?? `errno ${errno}`})`, sandbox);
  }
  const outputBytes = (await stat(dir.stdout).catch(() => undefined))?.size ?? 0;
  const stderr = await readHead(dir.stderr, STDERR_KEPT);
  const stdout = outputBytes > limits.outputLimitMb * 1024 * 1024 ? '' : await readFile(dir.stdout, 'utf8').catch(() => '');
  const { kind, message } = classifyRun(m, limits, outputBytes, stderr);
  return {
    ok: kind === 'ok',
    kind,
    stdout,
    stderr,
    cpuMs: Math.round(m.cpuMs),
    wallMs: Math.round(m.wallMs),
    memoryKb: m.memoryKb,
    outputBytes,
    exitCode: m.exitCode,
    signal: signalName(m.signal),
    sandbox,
    message,
  };
}


function internalError(message: string, sandbox: 'bwrap' | 'none'): LimitedResult {
  return { ok: false, kind: 'internal-error', stdout: '', stderr: '', cpuMs: 0, wallMs: 0, memoryKb: 0, outputBytes: 0, exitCode: null, signal: null, sandbox, message };
}
