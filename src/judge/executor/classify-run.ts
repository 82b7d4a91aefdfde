import { saysOutOfMemory } from '../../shared/index.js';
import { constants } from 'node:os';
import type { LimitedKind } from '../types.js';
import type { NormalizedLimits } from '../limits.js';
import type { Measurement } from './measurement.js';

const CRASH_SIGNALS = new Set<NodeJS.Signals>(['SIGSEGV', 'SIGABRT', 'SIGBUS']);

export function signalName(signal: number | null): NodeJS.Signals | null {
  if (signal === null) return null;
  const entry = Object.entries(constants.signals).find(([, number]) => number === signal);
  return (entry?.[0] as NodeJS.Signals | undefined) ?? null;
}

/**
 * A failed allocation kills a program with SIGABRT (an uncaught bad_alloc) or SIGSEGV (a NULL from
 * malloc, or a stack that could not grow). Heuristic: such a death is MLE when stderr names the failed
 * allocation, or (under RLIMIT_AS, where allocations fail at the limit) the peak came near the limit.
 * Under a cgroup an allocation does not fail at the limit (the kernel kills instead, and says so).
 */
export function looksLikeFailedAllocation(
  signal: NodeJS.Signals | null,
  exitCode: number | null,
  stderr: string,
  memoryKb: number,
  limitKb: number,
  accounting: 'cgroup' | 'rlimit' = 'rlimit',
): boolean {
  const crashed = (signal !== null && CRASH_SIGNALS.has(signal)) || (exitCode !== null && exitCode !== 0);
  if (!crashed) return false;
  if (saysOutOfMemory(stderr)) return true;
  return accounting === 'rlimit' && signal !== null && CRASH_SIGNALS.has(signal) && memoryKb >= limitKb * 0.8;
}

/**
 * The first reason that ends a run, in the judge's order: output, CPU time, memory the kernel refused
 * (an OOM kill in the cgroup: what hangs after it, e.g. a parent waiting for the killed child, is its
 * consequence), wall time, memory measured or guessed, crash.
 */
export function classifyRun(
  m: Measurement,
  limits: NormalizedLimits,
  outputBytes: number,
  stderr: string,
): { kind: LimitedKind; message: string } {
  const signal = signalName(m.signal);
  const limitKb = limits.memoryLimitMb * 1024;
  if (signal === 'SIGXFSZ' || outputBytes > limits.outputLimitMb * 1024 * 1024) {
    return { kind: 'output-limit', message: `output limit of ${limits.outputLimitMb} MB exceeded` };
  }
  if (m.limit === 'cpu' || signal === 'SIGXCPU' || m.cpuMs > limits.timeLimitMs) {
    return { kind: 'time-limit', message: `CPU time limit of ${limits.timeLimitMs} ms exceeded` };
  }
  const memoryLimit = { kind: 'memory-limit', message: `memory limit of ${limits.memoryLimitMb} MB exceeded` } as const;
  if (m.oomKills > 0) return memoryLimit;
  if (m.limit === 'wall' || m.wallMs > limits.wallTimeLimitMs) {
    return { kind: 'wall-time-limit', message: `wall time limit of ${limits.wallTimeLimitMs} ms exceeded` };
  }
  if (m.memoryKb > limitKb || looksLikeFailedAllocation(signal, m.exitCode, stderr, m.memoryKb, limitKb, m.accounting))
    return memoryLimit;
  if (m.signal !== null) return { kind: 'signal', message: `killed by ${signal ?? `signal ${m.signal}`}` };
  if (m.exitCode !== 0) return { kind: 'exit', message: `exit code ${m.exitCode}` };
  return { kind: 'ok', message: '' };
}
