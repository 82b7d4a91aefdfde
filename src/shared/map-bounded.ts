/**
 * Calls `work` on each item, at most `limit` at a time, in item order; resolves with the results
 * in item order once every call has settled. `lane` (0 to limit - 1) says which of the `limit`
 * sequential lanes runs the call, for state a lane keeps between its calls. `shouldStart(index)` is asked before each start and
 * can stop the rest (they stay `undefined`). A call that rejects rejects the whole, but only after
 * every running call has ended, so no work outlives the promise.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number, lane: number) => Promise<R>,
  shouldStart: (index: number) => boolean = () => true,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array<R | undefined>(items.length);
  let next = 0;
  let failed = false;
  const lane = async (_: unknown, laneIndex: number): Promise<void> => {
    while (!failed && next < items.length && shouldStart(next)) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index, laneIndex);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane);
  const settled = await Promise.allSettled(lanes);
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}
