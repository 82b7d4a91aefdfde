import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, parseCommand } from '../src/process/index.js';
import { startRedis, type RedisServer } from './queue/harness.js';

// Every ```js block of the README either runs as written, or, when its first line is a comment
// naming a file of the repository (`// fixtures/ipc/example.js: ...`), is a listing of that file
// and must match it (the file's own test runs it). ```ts blocks are sketches and signatures.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!);

function listedFile(code: string): string | undefined {
  const path = /^\/\/ ([\w./-]+\.[cm]?js)\b/.exec(code)?.[1];
  return path !== undefined && existsSync(path) ? path : undefined;
}

// Shell examples that start one of the tools: `node bin/judge.js ...  # comment`.
const toolLines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((match) => match[1]!.split('\n'))
  .map((line) => line.replace(/\s+#.*$/, '').trim())
  .filter((line) => line.startsWith('node bin/'));

const listings = blocks.filter((code) => listedFile(code) !== undefined);
const runnable = blocks.filter((code) => listedFile(code) === undefined);
const title = (code: string) => code.split('\n').find((line) => line.trim() !== '') ?? '';
const bodyLines = (text: string) => text.split('\n').slice(1).join('\n').trim();

describe('README examples', () => {
  // The queue's example reads REDIS_URL: give it a private, real Redis.
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await redis?.dispose();
  });

  it('has runnable examples', () => {
    expect(runnable.length).toBeGreaterThan(2);
  });

  it.each(listings.map((code) => [listedFile(code)!, code]))('the listing of %s matches the file', (path, code) => {
    expect(bodyLines(code)).toBe(bodyLines(readFileSync(path, 'utf8')));
  });

  it.each(runnable.map((code, index) => [index + 1, title(code), code]))(
    'example %i (%s) runs',
    async (_index, _first, code) => {
      const result = await execFile(process.execPath, ['--input-type=module', '-e', code], {
        timeout: 120_000,
        env: { REDIS_URL: redis.url },
      });
      expect(result.stderr).not.toMatch(/Error/);
      expect(result).toMatchObject({ ok: true });
    },
    180_000,
  );

  it('has shell examples of the tools', () => {
    expect(toolLines.length).toBeGreaterThan(5);
  });

  // Exit 0 or 1 (a checked program failed, as some examples mean to); never 2, a usage error.
  it.each(toolLines)(
    '`%s` runs',
    async (line) => {
      const [, ...args] = parseCommand(line);
      const result = await execFile(process.execPath, args, { timeout: 120_000 });
      expect(result.kind === 'ok' || result.exitCode === 1, `${result.stdout}\n${result.stderr}`).toBe(true);
    },
    180_000,
  );
});
