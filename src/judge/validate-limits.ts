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
  const shown =
    typeof value === 'string'
      ? JSON.stringify(value)
      : typeof value === 'object' && value !== null
        ? Object.prototype.toString.call(value)
        : String(value);
  return `\`${shown}\` (${value === null ? 'null' : typeof value})`;
}

// Node clamps a timer over 2^31-1 ms to 1 ms: a larger limit would kill the helper at once.
const MAX_TIME_MS = 24 * 60 * 60 * 1000;
const MAX_SIZE_MB = 1024 * 1024;
const MAX_PROCESSES = 1 << 20;

function positive(name: string, value: unknown, fallback: number, max: number, unit: string, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidLimitError(
      `Expected \`${name}\` to be a positive ${integer ? 'integer' : 'number'}, got ${describeValue(value)}`,
    );
  }
  if (value > max)
    throw new InvalidLimitError(`Expected \`${name}\` to be at most ${max}${unit}, got ${describeValue(value)}`);
  return value;
}

/** Fills defaults: 1 s CPU, 3× wall (at most 24 h), 256 MiB, 64 MiB output, stack = memory, 64 processes, auto sandbox. */
export function normalizeLimits(raw: Limits = {}): NormalizedLimits {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers and untrusted data
  if (typeof raw !== 'object' || raw === null)
    throw new InvalidLimitError(`Expected the options to be an object, got ${describeValue(raw)}`);
  const timeLimitMs = positive('timeLimitMs', raw.timeLimitMs, 1000, MAX_TIME_MS, ' (24 h)');
  const memoryLimitMb = positive('memoryLimitMb', raw.memoryLimitMb, 256, MAX_SIZE_MB, ' (1 TiB)');
  const sandbox = raw.sandbox ?? 'auto';
  if (!['auto', 'none', 'bwrap'].includes(sandbox)) {
    throw new InvalidLimitError(`Expected \`sandbox\` to be 'auto', 'none' or 'bwrap', got ${describeValue(sandbox)}`);
  }
  return {
    timeLimitMs,
    wallTimeLimitMs: positive(
      'wallTimeLimitMs',
      raw.wallTimeLimitMs,
      Math.min(timeLimitMs * 3, MAX_TIME_MS),
      MAX_TIME_MS,
      ' (24 h)',
    ),
    memoryLimitMb,
    outputLimitMb: positive('outputLimitMb', raw.outputLimitMb, 64, MAX_SIZE_MB, ' (1 TiB)'),
    stackLimitMb: positive('stackLimitMb', raw.stackLimitMb, memoryLimitMb, MAX_SIZE_MB, ' (1 TiB)'),
    processLimit: positive('processLimit', raw.processLimit, 64, MAX_PROCESSES, '', true),
    sandbox,
  };
}
