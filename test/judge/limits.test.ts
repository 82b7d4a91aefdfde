import { describe, expect, it } from 'vitest';
import { LIMIT_RULES, normalizeLimits } from '../../src/judge/limits.js';
import { SaferunError } from '../../src/shared/index.js';

describe('normalizeLimits', () => {
  it('fills the defaults from one table', () => {
    expect(normalizeLimits({})).toEqual({
      timeLimitMs: 1000,
      wallTimeLimitMs: 3000,
      memoryLimitMb: 256,
      outputLimitMb: 64,
      stackLimitMb: 256,
      processLimit: 64,
      sandbox: 'auto',
      accounting: 'auto',
    });
    expect(LIMIT_RULES.timeLimitMs.fallback).toBe(1000);
  });

  it('refuses limits too large for a timer or a sane machine, naming the option', () => {
    // Over 2^31-1 ms Node fires the watchdog after 1 ms and the helper is killed at once.
    expect(() => normalizeLimits({ wallTimeLimitMs: 2 ** 31 })).toThrow(
      'Expected `wallTimeLimitMs` to be at most 86400000 ms, got `2147483648` (number)',
    );
    expect(() => normalizeLimits({ timeLimitMs: 24 * 3600 * 1000 + 1 })).toThrow('`timeLimitMs`');
    expect(() => normalizeLimits({ memoryLimitMb: 2 ** 21 })).toThrow(
      'Expected `memoryLimitMb` to be at most 1048576 MiB',
    );
    expect(() => normalizeLimits({ outputLimitMb: 2 ** 21 })).toThrow('`outputLimitMb`');
    expect(() => normalizeLimits({ stackLimitMb: 2 ** 21 })).toThrow('`stackLimitMb`');
  });

  it('refuses limits too small for any program as the caller’s mistake, with a code', () => {
    let thrown: unknown;
    try {
      normalizeLimits({ timeLimitMs: 0.1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SaferunError);
    expect(thrown).toMatchObject({
      code: 'ERR_INVALID_LIMIT',
      message: 'Expected `timeLimitMs` to be at least 1 ms, got `0.1` (number)',
    });
    expect(() => normalizeLimits({ memoryLimitMb: 0.5 })).toThrow('at least 1 MiB');
    expect(() => normalizeLimits({ processLimit: 1.5 })).toThrow('a positive integer');
    expect(() => normalizeLimits({ timeLimitMs: '1s' as unknown as number })).toThrow('got `"1s"` (string)');
  });

  it('keeps the default wall limit within the cap for a long CPU limit', () => {
    expect(normalizeLimits({ timeLimitMs: 24 * 3600 * 1000 }).wallTimeLimitMs).toBe(24 * 3600 * 1000);
    expect(normalizeLimits({}).wallTimeLimitMs).toBe(3000);
  });
});
