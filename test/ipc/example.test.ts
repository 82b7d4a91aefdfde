import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { run } from '../../src/process/index.js';

const EXAMPLE = fileURLToPath(new URL('../../fixtures/ipc/example.js', import.meta.url));

it('runs the README example as written, and it exits by itself', async () => {
  const result = await run(`${process.execPath} ${EXAMPLE}`, { timeout: 20_000 });
  expect(result).toMatchObject({ ok: true, kind: 'ok', stderr: '' });
  expect(result.stdout.split('\n')).toEqual([
    'message: pong',
    'request: 49',
    'too big: too-large',
    'child result: ok',
    'after exit: channel-closed',
    'http answers: 40',
    'pool.request: 1 4 9 16',
    'closed: { ok: true, forced: 0 }',
  ]);
});
