import type { Limits } from './types.js';
import type { SandboxMode } from './sandbox.js';

export interface NormalizedLimits {
  timeLimitMs: number;
  wallTimeLimitMs: number;
  memoryLimitMb: number;
  outputLimitMb: number;
  stackLimitMb: number;
  processLimit: number;
  sandbox: SandboxMode;
}

/** A caller's mistake in the options: reported as an internal error, never as the program's fault. */
export class InvalidLimitError extends Error {}

export function describeValue(value: unknown): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' && value !== null ? Object.prototype.toString.call(value) : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

function positive(name: string, value: unknown, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidLimitError(`Expected \`${name}\` to be a positive ${integer ? 'integer' : 'number'}, got ${describeValue(value)}`);
  }
  return value;
}

/** Fills defaults: 1 s CPU, 3× wall, 256 MiB, 64 MiB output, stack = memory, 64 processes, auto sandbox. */
export function normalizeLimits(raw: Limits = {}): NormalizedLimits {
  if (typeof raw !== 'object' || raw === null) throw new InvalidLimitError(`Expected the options to be an object, got ${describeValue(raw)}`);
  const timeLimitMs = positive('timeLimitMs', raw.timeLimitMs, 1000);
  const memoryLimitMb = positive('memoryLimitMb', raw.memoryLimitMb, 256);
  const sandbox = raw.sandbox ?? 'auto';
  if (!['auto', 'none', 'bwrap'].includes(sandbox)) {
    throw new InvalidLimitError(`Expected \`sandbox\` to be 'auto', 'none' or 'bwrap', got ${describeValue(sandbox)}`);
  }
  return {
    timeLimitMs,
    wallTimeLimitMs: positive('wallTimeLimitMs', raw.wallTimeLimitMs, timeLimitMs * 3),
    memoryLimitMb,
    outputLimitMb: positive('outputLimitMb', raw.outputLimitMb, 64),
    stackLimitMb: positive('stackLimitMb', raw.stackLimitMb, memoryLimitMb),
    processLimit: positive('processLimit', raw.processLimit, 64, true),
    sandbox,
  };
}
