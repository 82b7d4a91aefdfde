import { describe, expect, it } from 'vitest';
import { formatDuration, formatSize, parseDuration, parseSize } from '../../src/shared/index.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['2m', 120_000],
    ['1h', 3_600_000],
    [' 3S ', 3000],
    ['0.0001s', 0.1],
  ])('%s is %d ms', (raw, ms) => {
    expect(parseDuration(raw)).toEqual({ ok: true, value: ms });
  });

  it('refuses a bare number and says which units to add', () => {
    expect(parseDuration('30')).toEqual({ ok: false, message: 'a unit: 30s or 30ms' });
  });

  it.each(['', 's', '1.2.3s', '-1s', '5 parsecs', '1e3ms', '2x'])('refuses %j', (raw) => {
    expect(parseDuration(raw).ok).toBe(false);
  });
});

describe('parseSize', () => {
  it.each([
    ['64k', 64 * 1024],
    ['256m', 256 * 1024 ** 2],
    ['256MiB', 256 * 1024 ** 2],
    ['256mb', 256 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1.5G', 1.5 * 1024 ** 3],
    ['100b', 100],
  ])('%s is %d bytes', (raw, bytes) => {
    expect(parseSize(raw)).toEqual({ ok: true, value: bytes });
  });

  it('refuses a bare number and says which units to add', () => {
    expect(parseSize('256')).toEqual({ ok: false, message: 'a unit: 256m (MiB) or 256k (KiB)' });
  });

  it.each(['', 'm', '1x', '12bb', '-5m', '1 terabyte'])('refuses %j', (raw) => {
    expect(parseSize(raw).ok).toBe(false);
  });
});

describe('formatDuration and formatSize', () => {
  it.each([
    [250, '250ms'],
    [1500, '1.5s'],
    [120_000, '2m'],
    [0.1, '0.1ms'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [256 * 1024 ** 2, '256m'],
    [1536, '1.5k'],
    [100, '100b'],
    [1024 ** 4, '1t'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });

  it('formats what parses back to the same value', () => {
    for (const ms of [1, 999, 1000, 1500, 60_000, 86_400_000]) {
      expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, value: ms });
    }
  });
});
