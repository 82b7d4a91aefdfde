import { describe, expect, it } from 'vitest';
import { normalizeLimits } from '../../src/judge/validate-limits.js';

describe('normalizeLimits', () => {
  it('refuses limits too large for a timer or a sane machine, naming the option', () => {
    // Over 2^31-1 ms Node fires the watchdog after 1 ms and the helper is killed at once.
    expect(() => normalizeLimits({ wallTimeLimitMs: 2 ** 31 })).toThrow(
      'Expected `wallTimeLimitMs` to be at most 86400000 (24 h), got `2147483648` (number)',
    );
    expect(() => normalizeLimits({ timeLimitMs: 24 * 3600 * 1000 + 1 })).toThrow('`timeLimitMs`');
    expect(() => normalizeLimits({ memoryLimitMb: 2 ** 21 })).toThrow(
      'Expected `memoryLimitMb` to be at most 1048576 (1 TiB)',
    );
    expect(() => normalizeLimits({ outputLimitMb: 2 ** 21 })).toThrow('`outputLimitMb`');
    expect(() => normalizeLimits({ stackLimitMb: 2 ** 21 })).toThrow('`stackLimitMb`');
  });

  it('keeps the default wall limit within the cap for a long CPU limit', () => {
    expect(normalizeLimits({ timeLimitMs: 24 * 3600 * 1000 }).wallTimeLimitMs).toBe(24 * 3600 * 1000);
    expect(normalizeLimits({}).wallTimeLimitMs).toBe(3000);
  });
});
