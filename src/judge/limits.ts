import { describeChoices, describeValue, SaferunError } from '../shared/index.js';
import { SANDBOX_MODES } from '../sandbox/index.js';
import { ACCOUNTING_MODES } from './executor/backend.js';
import type { Limits } from './types.js';

/** Every limit with its default filled in. */
export type NormalizedLimits = Required<Limits>;

type NumericLimit = Exclude<keyof Limits, 'sandbox' | 'accounting'>;

interface LimitRule {
  /** The default, or how it follows from the other limits. */
  fallback: number | ((limits: Pick<NormalizedLimits, 'timeLimitMs' | 'memoryLimitMb'>) => number);
  /** The smallest meaningful value: below it no program can run, so it is the caller's mistake. */
  min: number;
  max: number;
  unit: 'ms' | 'MiB' | '';
  integer?: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const TIB_IN_MIB = 1024 * 1024;

/**
 * The judge's limits, defined once: defaults and bounds. The CLI, the queue and the docs derive theirs
 * from this table. A timer over 2^31-1 ms fires at once, so times stop at 24 h.
 */
export const LIMIT_RULES: Readonly<Record<NumericLimit, LimitRule>> = {
  timeLimitMs: { fallback: 1000, min: 1, max: DAY_MS, unit: 'ms' },
  wallTimeLimitMs: {
    fallback: ({ timeLimitMs }) => Math.min(timeLimitMs * 3, DAY_MS),
    min: 1,
    max: DAY_MS,
    unit: 'ms',
  },
  memoryLimitMb: { fallback: 256, min: 1, max: TIB_IN_MIB, unit: 'MiB' },
  outputLimitMb: { fallback: 64, min: 1 / (1024 * 1024), max: TIB_IN_MIB, unit: 'MiB' },
  stackLimitMb: { fallback: ({ memoryLimitMb }) => memoryLimitMb, min: 1 / 1024, max: TIB_IN_MIB, unit: 'MiB' },
  processLimit: { fallback: 64, min: 1, max: 1 << 20, unit: '', integer: true },
};

/** The built-in checkers named by a word; `tokens` is the default. */
export const NAMED_CHECKERS = ['tokens', 'exact', 'lines'] as const;
export type NamedChecker = (typeof NAMED_CHECKERS)[number];
export const DEFAULT_CHECKER: NamedChecker = 'tokens';

function invalidLimit(message: string): SaferunError {
  return new SaferunError('ERR_INVALID_LIMIT', message);
}

/** One limit: its default when undefined, else a finite number within the rule's bounds (and `max` when tighter). */
export function validateLimit(
  name: NumericLimit,
  value: unknown,
  fallback: number,
  max: number = LIMIT_RULES[name].max,
): number {
  if (value === undefined) return fallback;
  const rule = LIMIT_RULES[name];
  const unit = rule.unit ? ` ${rule.unit}` : '';
  const kind = rule.integer ? 'a positive integer' : 'a positive number';
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    (rule.integer && !Number.isInteger(value))
  ) {
    throw invalidLimit(
      `Expected \`${name}\` to be ${kind}${unit ? ` (${rule.unit})` : ''}, got ${describeValue(value)}`,
    );
  }
  if (value < rule.min)
    throw invalidLimit(`Expected \`${name}\` to be at least ${rule.min}${unit}, got ${describeValue(value)}`);
  if (value > max) throw invalidLimit(`Expected \`${name}\` to be at most ${max}${unit}, got ${describeValue(value)}`);
  return value;
}

/** Fills in every default (see LIMIT_RULES). Throws SaferunError (ERR_INVALID_LIMIT) naming the bad limit. */
export function normalizeLimits(raw: Limits = {}): NormalizedLimits {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers
  if (typeof raw !== 'object' || raw === null) {
    throw invalidLimit(`Expected the options to be an object, got ${describeValue(raw)}`);
  }
  const fixed = (name: 'timeLimitMs' | 'memoryLimitMb' | 'outputLimitMb' | 'processLimit') =>
    validateLimit(name, raw[name], LIMIT_RULES[name].fallback as number);
  const base = { timeLimitMs: fixed('timeLimitMs'), memoryLimitMb: fixed('memoryLimitMb') };
  const derived = (name: 'wallTimeLimitMs' | 'stackLimitMb') =>
    validateLimit(name, raw[name], (LIMIT_RULES[name].fallback as (limits: typeof base) => number)(base));
  const sandbox = raw.sandbox ?? 'auto';
  if (!SANDBOX_MODES.includes(sandbox)) {
    throw invalidLimit(`Expected \`sandbox\` to be ${describeChoices(SANDBOX_MODES)}, got ${describeValue(sandbox)}`);
  }
  const accounting = raw.accounting ?? 'auto';
  if (!ACCOUNTING_MODES.includes(accounting)) {
    throw invalidLimit(
      `Expected \`accounting\` to be ${describeChoices(ACCOUNTING_MODES)}, got ${describeValue(accounting)}`,
    );
  }
  return {
    ...base,
    wallTimeLimitMs: derived('wallTimeLimitMs'),
    outputLimitMb: fixed('outputLimitMb'),
    stackLimitMb: derived('stackLimitMb'),
    processLimit: fixed('processLimit'),
    sandbox,
    accounting,
  };
}
