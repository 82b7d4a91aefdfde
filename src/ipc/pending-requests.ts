import type { RequestFailureKind, RequestResult } from './types.js';

interface Pending {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry resolves a Promise<RequestResult<T>> of its own T
  resolve: (result: RequestResult<any>) => void;
  timer: NodeJS.Timeout | undefined;
}

export function failed(kind: RequestFailureKind, code: string, message: string): RequestResult<never> {
  return { ok: false, kind, error: { code, message } };
}

/** Requests waiting for their answer, by correlation id. Every one of them settles exactly once. */
export class PendingRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  get size(): number {
    return this.pending.size;
  }

  open<T>(timeout: number | undefined): { id: number; answer: Promise<RequestResult<T>> } {
    const id = this.nextId++;
    const answer = new Promise<RequestResult<T>>((resolve) => {
      const timer =
        timeout === undefined
          ? undefined
          : setTimeout(
              () => this.settle(id, failed('timeout', 'ETIMEDOUT', `No answer to request ${id} within ${timeout} ms`)),
              timeout,
            );
      this.pending.set(id, { resolve, timer });
    });
    return { id, answer };
  }

  settle(id: number, result: RequestResult): void {
    const entry = this.pending.get(id);
    if (!entry) return; // answered after its timeout: nobody waits for it any more
    this.pending.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
    entry.resolve(result);
  }

  settleAll(makeResult: (id: number) => RequestResult<never>): void {
    for (const id of [...this.pending.keys()]) this.settle(id, makeResult(id));
  }
}

/** Returns the failure for a bad `timeout`, or undefined when it is fine. */
export function checkRequestTimeout(value: unknown): RequestResult<never> | undefined {
  if (value === undefined || (typeof value === 'number' && Number.isInteger(value) && value > 0)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value, as String() shows it
  const shown = typeof value === 'string' ? `\`"${value}"\`` : `\`${String(value)}\``;
  return failed(
    'invalid-options',
    'ERR_INVALID_OPTION',
    `Expected \`timeout\` to be a positive integer, got ${shown} (${typeof value})`,
  );
}
