// The worker's progress batching, with real timers: what goes out in one event, and in which order.
import { describe, expect, it } from 'vitest';
import { makeProgressPublisher, unpackProgress, type ProgressBatch } from '../../src/queue/progress.js';
import type { ProgressTest } from '../../src/queue/types.js';

const test = (name: string) => ({ name, verdict: 'AC' }) as ProgressTest;
const names = (batches: ProgressBatch[]) =>
  batches.map((batch) => `${batch.done}:${batch.tests.map((t) => t.name).join(',')}`);

describe('makeProgressPublisher', () => {
  it('sends the tests finished within the interval as one event, and the rest on flush', async () => {
    const sent: ProgressBatch[] = [];
    const publisher = makeProgressPublisher((batch) => {
      sent.push(batch);
      return Promise.resolve();
    }, 50);
    publisher.add(test('a'));
    publisher.add(test('b'));
    expect(sent).toEqual([]);
    await expect.poll(() => names(sent)).toEqual(['2:a,b']);
    publisher.add(test('c'));
    await publisher.flush();
    expect(names(sent)).toEqual(['2:a,b', '3:c']);
    await publisher.flush();
    expect(sent).toHaveLength(2);
  });

  it('with interval 0 sends one event a test, in order even when a send is slow', async () => {
    const sent: string[] = [];
    const publisher = makeProgressPublisher(async (batch) => {
      // The first send is the slowest: a publisher that did not wait for it would reorder.
      await new Promise((resolve) => setTimeout(resolve, batch.done === 1 ? 30 : 1));
      sent.push(names([batch])[0]!);
    }, 0);
    for (const name of ['a', 'b', 'c']) publisher.add(test(name));
    await publisher.flush();
    expect(sent).toEqual(['1:a', '2:b', '3:c']);
  });

  it('drops a test added after end(): its job has ended', async () => {
    const sent: ProgressBatch[] = [];
    const publisher = makeProgressPublisher((batch) => {
      sent.push(batch);
      return Promise.resolve();
    }, 20);
    publisher.add(test('a'));
    await publisher.end();
    publisher.add(test('late'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    await publisher.flush();
    expect(names(sent)).toEqual(['1:a']);
  });

  it('survives a failing send: later events still go out, flush does not reject', async () => {
    const sent: string[] = [];
    let calls = 0;
    const publisher = makeProgressPublisher((batch) => {
      if (++calls === 1) return Promise.reject(new Error('Connection is closed.'));
      sent.push(names([batch])[0]!);
      return Promise.resolve();
    }, 0);
    publisher.add(test('a'));
    publisher.add(test('b'));
    await expect(publisher.flush()).resolves.toBeUndefined();
    expect(sent).toEqual(['2:b']);
  });
});

describe('unpackProgress', () => {
  it('gives one entry a test, numbered from the batch total', () => {
    expect(unpackProgress('7', { done: 5, tests: [test('d'), test('e')] })).toEqual([
      { id: '7', done: 4, test: test('d') },
      { id: '7', done: 5, test: test('e') },
    ]);
  });

  it('ignores what is not a batch (a progress set by other code on the same queue)', () => {
    for (const data of [undefined, null, 42, 'half', { done: 1 }, { tests: [] }, { done: '1', tests: [test('a')] }])
      expect(unpackProgress('1', data)).toEqual([]);
  });
});
