import { LIMIT_RULES } from '../limits.js';
import type { Limits } from '../types.js';
import type { ProblemLimits } from './types.js';

const LIMIT_KEYS = [...Object.keys(LIMIT_RULES), 'sandbox'] as (keyof Limits)[];

/**
 * The limits a run gets: the problem's, with every limit the caller set (the CLI's flags, the request's
 * fields) taking their place. Only limit fields are read, so a whole judge request can be passed. Unset
 * limits stay unset, so normalizeLimits() still derives the wall time (3 × the time limit) and the stack
 * (the memory limit) from the merged values.
 * @example
 * mergeLimits({ timeLimitMs: 2000, memoryLimitMb: 1024 }, { memoryLimitMb: 256 });
 * // { timeLimitMs: 2000, memoryLimitMb: 256 }
 */
export function mergeLimits(problem: ProblemLimits, overrides: Limits = {}): Limits {
  const merged: Record<string, unknown> = {};
  for (const source of [problem, overrides] as Limits[]) {
    for (const key of LIMIT_KEYS) if (source[key] !== undefined) merged[key] = source[key];
  }
  return merged;
}
