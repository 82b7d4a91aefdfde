import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/shared/index.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapBounded', () => {
  it('keeps at most `limit` calls running and returns results in item order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapBounded([5, 1, 4, 2, 3], 2, async (item) => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < item; i++) await tick();
      running--;
      return item * 10;
    });
    expect(peak).toBe(2);
    expect(results).toEqual([50, 10, 40, 20, 30]);
  });

  it('stops starting items when asked, leaving them undefined', async () => {
    const started: number[] = [];
    const results = await mapBounded(
      [0, 1, 2, 3],
      1,
      (item) => {
        started.push(item);
        return Promise.resolve(item);
      },
      (index) => index < 2,
    );
    expect(started).toEqual([0, 1]);
    expect(results).toEqual([0, 1, undefined, undefined]);
  });

  it('rejects only after the calls already running have ended, and starts no more', async () => {
    const ended: number[] = [];
    const started: number[] = [];
    const outcome = mapBounded([0, 1, 2, 3, 4], 2, async (item) => {
      started.push(item);
      if (item === 0) throw new Error('boom');
      for (let i = 0; i < 5; i++) await tick();
      ended.push(item);
      return item;
    });
    await expect(outcome).rejects.toThrow('boom');
    expect(ended).toEqual([1]);
    expect(started).toEqual([0, 1]);
  });

  it('handles an empty list', async () => {
    expect(await mapBounded([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});
