import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLimited, type RunLimitedOptions } from '../../src/judge/index.js';
import { execFile } from '../../src/process/index.js';
import { CACHE_DIR, compileFixtures, processesWith } from './helpers.js';

const NAMES = ['fork-bomb', 'infinite-output', 'alloc-forever', 'sleep-forever', 'ignore-sigterm', 'socket', 'write-outside'];
let bin: Record<string, string>;
let server: Server;
let port: number;
beforeAll(async () => {
  bin = await compileFixtures(NAMES.map((name) => `adversarial/${name}.cpp`));
  server = createServer((socket) => socket.end('hello\n'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(() => server?.close());

/** Runs a fixture with a unique argument, so that anything it leaves behind can be found. */
async function runAdversary(name: string, options: RunLimitedOptions) {
  const marker = `saferun-marker-${randomUUID()}`;
  const result = await runLimited(bin[`adversarial/${name}.cpp`]!, [marker], { cacheDir: CACHE_DIR, timeLimitMs: 500, memoryLimitMb: 64, outputLimitMb: 1, ...options });
  return { result, leftover: processesWith(marker) };
}

describe.each(['bwrap', 'none'] as const)('adversarial programs, sandbox %s', (sandbox) => {
  it('a fork bomb ends as a time limit, with no process left and the machine working', async () => {
    const { result, leftover } = await runAdversary('fork-bomb', { sandbox, processLimit: 32 });
    expect(result.kind).toMatch(/^(time-limit|wall-time-limit)$/);
    expect(result.stdout.startsWith('ready')).toBe(true);
    expect(leftover).toEqual([]);
    expect((await execFile('true')).ok).toBe(true);
  });

  it('infinite output ends as an output limit', async () => {
    const { result, leftover } = await runAdversary('infinite-output', { sandbox });
    expect(result).toMatchObject({ kind: 'output-limit', signal: 'SIGXFSZ' });
    expect(result.outputBytes).toBeLessThanOrEqual(1024 * 1024);
    expect(leftover).toEqual([]);
  });

  it('allocating forever ends as a memory limit', async () => {
    const { result, leftover } = await runAdversary('alloc-forever', { sandbox, timeLimitMs: 5000 });
    expect(result.kind).toBe('memory-limit');
    expect(result.memoryKb).toBeGreaterThan(48 * 1024);
    expect(leftover).toEqual([]);
  });

  it('sleeping forever ends at the wall limit', async () => {
    const { result, leftover } = await runAdversary('sleep-forever', { sandbox, wallTimeLimitMs: 300 });
    expect(result).toMatchObject({ kind: 'wall-time-limit', signal: 'SIGKILL' });
    expect(leftover).toEqual([]);
  });

  it('ignoring SIGTERM, with a child in its own session, still ends with nothing left', async () => {
    const { result, leftover } = await runAdversary('ignore-sigterm', { sandbox, wallTimeLimitMs: 300 });
    expect(result.kind).toBe('wall-time-limit');
    expect(result.stdout).toBe('ready\n');
    expect(leftover).toEqual([]);
  });
});

describe('adversarial programs in the bwrap sandbox', () => {
  it('cannot open a connection, even to the host\'s loopback', async () => {
    const { result } = await runAdversary('socket', { sandbox: 'bwrap', input: `${port}\n` });
    expect(result).toMatchObject({ kind: 'ok', stdout: 'blocked\n' });
  });

  it('can write its own dir but nothing outside it', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'saferun-target-')), 'escaped.txt');
    const { result } = await runAdversary('write-outside', { sandbox: 'bwrap', input: `${target}\n` });
    expect(result).toMatchObject({ kind: 'ok', stdout: 'own-ok blocked\n' });
    expect(existsSync(target)).toBe(false);
    rmSync(join(target, '..'), { recursive: true, force: true });
  });

  it('the same programs without a sandbox do connect (so the tests above can fail)', async () => {
    const { result } = await runAdversary('socket', { sandbox: 'none', input: `${port}\n` });
    expect(result.stdout).toBe('connected\n');
  });
});
