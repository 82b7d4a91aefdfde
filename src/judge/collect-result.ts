import { open, readFile, stat } from 'node:fs/promises';
import { classifyRun, signalName, type Measurement } from './classify-run.js';
import type { LimitedResult } from './types.js';
import type { NormalizedLimits } from './limits.js';

const STDERR_KEPT = 64 * 1024;
const ERRNO_NAMES: Record<string, string> = {
  '1': 'EPERM',
  '2': 'ENOENT',
  '8': 'ENOEXEC',
  '11': 'EAGAIN',
  '12': 'ENOMEM',
  '13': 'EACCES',
  '20': 'ENOTDIR',
};

/** Where a run's output went. */
export interface RunFiles {
  stdout: string;
  stderr: string;
}

async function readHead(path: string, size: number, bytes: number): Promise<string> {
  if (size === 0) return '';
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(Math.min(size, bytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function sizeOf(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.size ?? 0;
}

export async function collectResult(
  dir: RunFiles,
  m: Measurement,
  limits: NormalizedLimits,
  sandbox: 'bwrap' | 'none',
): Promise<LimitedResult> {
  if (m.error) {
    const [stage, errno] = m.error.split(' ');
    return internalError(
      `could not start the program (${stage}: ${ERRNO_NAMES[errno ?? ''] ?? `errno ${errno}`})`,
      sandbox,
    );
  }
  const known = (size: number | undefined) => size !== undefined && size >= 0;
  const [outputBytes, stderrBytes] =
    known(m.stdoutBytes) && known(m.stderrBytes)
      ? [m.stdoutBytes!, m.stderrBytes!]
      : await Promise.all([sizeOf(dir.stdout), sizeOf(dir.stderr)]);
  const tooMuch = outputBytes > limits.outputLimitMb * 1024 * 1024;
  const [stdout, stderr] = await Promise.all([
    tooMuch || outputBytes === 0 ? '' : readFile(dir.stdout, 'utf8').catch(() => ''),
    readHead(dir.stderr, stderrBytes, STDERR_KEPT),
  ]);
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

export function internalError(message: string, sandbox: 'bwrap' | 'none'): LimitedResult {
  return {
    ok: false,
    kind: 'internal-error',
    stdout: '',
    stderr: '',
    cpuMs: 0,
    wallMs: 0,
    memoryKb: 0,
    outputBytes: 0,
    exitCode: null,
    signal: null,
    sandbox,
    message,
  };
}
