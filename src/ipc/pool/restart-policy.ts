import { describeValue } from '../../shared/index.js';
import type { RestartOptions } from './types.js';

export interface RestartPolicy {
  enabled: boolean;
  maxRestarts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
}

function validateCount(name: string, value: unknown, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= minimum) return value;
  const expected = minimum === 0 ? 'a non-negative integer' : 'a positive integer';
  throw new TypeError(`Expected \`restart.${name}\` to be ${expected}, got ${describeValue(value)}`);
}

/** Validates `restart`; throws a TypeError naming the bad field (the pool reports it). */
export function normalizeRestart(raw: RestartOptions | false | undefined): RestartPolicy {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers and untrusted data
  if (raw !== undefined && raw !== false && (typeof raw !== 'object' || raw === null)) {
    throw new TypeError(`Expected \`restart\` to be an object or false, got ${describeValue(raw)}`);
  }
  const options = raw || {};
  return {
    enabled: raw !== false,
    maxRestarts: validateCount('maxRestarts', options.maxRestarts, 5, 0),
    initialDelayMs: validateCount('initialDelayMs', options.initialDelayMs, 100, 0),
    maxDelayMs: validateCount('maxDelayMs', options.maxDelayMs, 5000, 0),
    stableAfterMs: validateCount('stableAfterMs', options.stableAfterMs, 10_000, 0),
  };
}

/** Exponential back-off: the delay before restart number `attempt` (1-based) in a row. */
export function computeRestartDelay(policy: RestartPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
}
