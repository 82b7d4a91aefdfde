import { displayBytes } from '../display-bytes.js';
import type { LimitedResult } from '../types.js';
import type { NormalizedLimits } from '../limits.js';
import { classifyRun, signalName } from './classify-run.js';
import type { Measurement } from './measurement.js';
import { readNoFollow } from './no-follow.js';

const STDERR_KEPT = 64 * 1024;

/** Where a run's output went. */
export interface RunFiles {
  stdout: string;
  stderr: string;
}

/**
 * A limited run as the judge uses it: the output as bytes (`runLimited` adds it decoded, as `stdout`),
 * and the file it is in, valid until the session's next run.
 */
export type RunOutcome = Omit<LimitedResult, 'stdout'> & { stdoutFile?: string };

export async function collectResult(
  files: RunFiles,
  m: Measurement,
  limits: NormalizedLimits,
  sandbox: 'bwrap' | 'none',
): Promise<RunOutcome> {
  if (m.error) return internalError(`could not start the program (${m.error})`, sandbox, m.accounting);
  const outputBytes = Math.max(0, m.stdoutBytes);
  const tooMuch = outputBytes > limits.outputLimitMb * 1024 * 1024;
  const [stdoutBuffer, stderrBytes] = await Promise.all([
    tooMuch || outputBytes === 0 ? Buffer.alloc(0) : readNoFollow(files.stdout),
    m.stderrBytes > 0 ? readNoFollow(files.stderr, STDERR_KEPT) : Buffer.alloc(0),
  ]);
  const stderr = displayBytes(stderrBytes);
  const { kind, message } = classifyRun(m, limits, outputBytes, stderr);
  return {
    ok: kind === 'ok',
    kind,
    stdoutBuffer,
    stderr,
    cpuMs: Math.round(m.cpuMs),
    wallMs: Math.round(m.wallMs),
    memoryKb: m.memoryKb,
    outputBytes,
    exitCode: m.exitCode,
    signal: signalName(m.signal),
    sandbox,
    accounting: m.accounting,
    message,
    ...(tooMuch ? {} : { stdoutFile: files.stdout }),
  };
}

export function internalError(
  message: string,
  sandbox: 'bwrap' | 'none',
  accounting: 'cgroup' | 'rlimit' = 'rlimit',
): RunOutcome {
  return {
    ok: false,
    kind: 'internal-error',
    stdoutBuffer: Buffer.alloc(0),
    stderr: '',
    cpuMs: 0,
    wallMs: 0,
    memoryKb: 0,
    outputBytes: 0,
    exitCode: null,
    signal: null,
    sandbox,
    accounting,
    message,
  };
}
