import { describeEachSandbox, describeWith, itWith, needs } from '../helpers/requirements.js';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge, runLimited, type RunLimitedOptions } from '../../src/judge/index.js';
import { probeBwrap, probeBwrapAt } from '../../src/sandbox/index.js';
import { execFile } from '../../src/process/index.js';
import { CACHE_DIR, compileFixtures, judgeElsewhere, processesWith } from './helpers.js';

const NAMES = [
  'fork-bomb',
  'infinite-output',
  'alloc-forever',
  'sleep-forever',
  'ignore-sigterm',
  'socket',
  'write-outside',
  'token-flood',
];
let bin: Record<string, string>;
let server: Server;
let port: number;
beforeAll(async () => {
  bin = await compileFixtures(NAMES.map((name) => `adversarial/${name}.cpp`));
  server = createServer((socket) => {
    socket.on('error', () => {});
    socket.end('hello\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
afterAll(() => server?.close());

/** Runs a fixture with a unique argument, so that anything it leaves behind can be found. */
async function runAdversary(name: string, options: RunLimitedOptions) {
  const marker = `saferun-marker-${randomUUID()}`;
  const result = await runLimited(bin[`adversarial/${name}.cpp`]!, [marker], {
    cacheDir: CACHE_DIR,
    timeLimitMs: 500,
    memoryLimitMb: 64,
    outputLimitMb: 1,
    ...options,
  });
  return { result, leftover: processesWith(marker) };
}

describeEachSandbox('adversarial programs', (sandbox) => {
  it('a fork bomb ends at a limit, with no process left and the machine working', async () => {
    const { result, leftover } = await runAdversary('fork-bomb', { sandbox, processLimit: 32 });
    // Time, or (under a cgroup, where the 32 processes' memory counts together) the 64 MB limit first.
    expect(result.kind).toMatch(/^(time-limit|wall-time-limit|memory-limit)$/);
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

  it('aborting a run kills the program and its escaped child, and says so', async () => {
    const controller = new AbortController();
    const marker = `saferun-marker-${randomUUID()}`;
    const pending = runLimited(bin['adversarial/ignore-sigterm.cpp']!, [marker], {
      cacheDir: CACHE_DIR,
      sandbox,
      timeLimitMs: 20_000,
      signal: controller.signal,
    });
    // Ready handshake: both processes exist before the abort.
    while (processesWith(marker).length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ kind: 'internal-error', message: 'the run was aborted' });
    expect(processesWith(marker)).toEqual([]);
  });

  it('ignoring SIGTERM, with a child in its own session, still ends with nothing left', async () => {
    // A wide wall limit: on a loaded machine the program must have printed `ready` and forked first.
    const { result, leftover } = await runAdversary('ignore-sigterm', { sandbox, wallTimeLimitMs: 1000 });
    expect(result.kind).toBe('wall-time-limit');
    expect(result.stdout).toBe('ready\n');
    expect(leftover).toEqual([]);
  });
});

describeWith([needs.bwrap()], 'adversarial programs in the bwrap sandbox', () => {
  it("cannot open a connection, even to the host's loopback", async () => {
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

describeWith([needs.bwrap()], 'answers stay out of reach', () => {
  it('a program judged in the sandbox cannot read the answer file of its own test', async () => {
    const [peek] = Object.values(await compileFixtures(['adversarial/peek-answer.cpp']));
    const tests = mkdtempSync(join(tmpdir(), 'saferun-peek-'));
    chmodSync(tests, 0o755); // world-readable, like a checked-out tests dir
    writeFileSync(join(tests, '1.in'), `${join(tests, '1.out')}\n`);
    writeFileSync(join(tests, '1.out'), 'blocked\n');
    const report = await judge({ binary: peek!, tests, sandbox: 'bwrap', cacheDir: CACHE_DIR });
    expect(report.tests[0]).toMatchObject({ verdict: 'AC' });
    // Without the sandbox it can: the test above can fail.
    const open = await judge({ binary: peek!, tests, sandbox: 'none', cacheDir: CACHE_DIR });
    expect(open.tests[0]?.checkerMessage).toContain("found: 'peeked'");
    rmSync(tests, { recursive: true, force: true });
  });
});

describe('output that floods the checker', () => {
  // 60 MB of one-byte tokens or lines, checked by a judge with 96 MB of heap: it splits them one at a
  // time (an array of 30 million of them took 3.5 GB and 40 s of the judge, for 35 ms of the program).
  it.each([
    ['tokens', 'tokens', "2nd words differ - expected: end of output, found: '1'"],
    ['lines', 'lines', "2nd lines differ - expected: end of output, found: '1'"],
    [{ float: 1e-6 }, 'tokens', "2nd numbers differ - expected: end of output, found: '1'"],
  ])('%j: a WA, in a small heap', async (checker, kind, message) => {
    const request = {
      binary: bin['adversarial/token-flood.cpp'],
      tests: [{ input: `60 ${kind}`, expected: '1\n' }],
      checker,
      cacheDir: CACHE_DIR,
    };
    const report = await judgeElsewhere({ judge: request }, { env: { NODE_OPTIONS: '--max-old-space-size=96' } });
    expect(report).toMatchObject({ verdict: 'WA' });
    expect((report.tests as { checkerMessage: string }[])[0]!.checkerMessage).toBe(message);
  });
});

describe('sandbox detection', () => {
  itWith([needs.bwrap()], 'bwrap works on this machine (CI installs it), so auto uses it', async () => {
    expect((await probeBwrap()).kind).toBe('bwrap');
    const r = await runLimited('true', [], { cacheDir: CACHE_DIR });
    expect(r.sandbox).toBe('bwrap');
  });
  it('without bwrap, auto falls back to none with a clear warning', async () => {
    const found = await probeBwrapAt(['/nonexistent/bwrap']);
    expect(found).toEqual({
      kind: 'none',
      warning:
        'saferun: bubblewrap (bwrap) is not installed; untrusted programs run WITHOUT a sandbox (network and file system open)',
    });
    const broken = await probeBwrapAt(['/bin/false']);
    expect(broken.kind === 'none' && broken.warning).toMatch(
      /^saferun: bubblewrap does not work here \(\/bin\/false: exit\)/,
    );
  });
});
