import { describeWith, itWith, needs } from '../helpers/requirements.js';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSandboxedStep, STEP_WORK, type StepOptions } from '../../src/sandbox/index.js';
import { makeTempDir } from '../compile/helpers.js';
import { processesWith } from '../judge/helpers.js';
import { leftoverStepDirs, runInChild } from './helpers.js';

const COUNT_FORKS = resolve(import.meta.dirname, '../../fixtures/sandbox/count-forks.cpp');
const temp = makeTempDir('step');
// World-readable: a step's uid may read it when it is bound, and must not otherwise.
chmodSync(temp.dir, 0o755);
const secretDir = join(temp.dir, 'secret');
const secret = `saferun-secret-${randomUUID()}`;
const secretFile = join(secretDir, 'secret.txt');
mkdirSync(secretDir, { mode: 0o755 });
writeFileSync(secretFile, `${secret}\n`, { mode: 0o644 });
afterAll(() => temp.remove());

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer((socket) => socket.end('hello\n'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as { port: number }).port;
});
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
afterAll(() => server?.close());

let outputs = 0;
/** A fresh output dir for each step. */
function outputDir(): string {
  return join(temp.dir, `out-${++outputs}`);
}

function bash(script: string, options: Partial<StepOptions> = {}) {
  return runSandboxedStep({ command: 'bash', args: ['-c', script], ...options });
}

describeWith([needs.bwrap()], 'runSandboxedStep in bubblewrap', () => {
  it('runs on a private copy of its files and brings its outputs back as copies', async () => {
    const input = join(temp.dir, 'input.txt');
    writeFileSync(input, 'from a path\n');
    const out = outputDir();
    const result = await bash(
      'cat in/a.txt b.txt > out.txt; echo changed > in/a.txt; mkdir -p d/e; echo 1 > d/e/x; ln -s /etc/hostname d/link; pwd',
      {
        files: { 'in/a.txt': input, 'b.txt': { content: 'from content\n' } },
        outputs: ['out.txt', 'd', 'missing'],
        outputDir: out,
      },
    );
    expect(result).toMatchObject({ ok: true, kind: 'ok', sandbox: 'bwrap', stdout: STEP_WORK });
    expect(result.outputs).toEqual({ 'out.txt': join(out, 'out.txt'), d: join(out, 'd') });
    expect(readFileSync(join(out, 'out.txt'), 'utf8')).toBe('from a path\nfrom content\n');
    expect(readFileSync(join(out, 'd/e/x'), 'utf8')).toBe('1\n');
    // A link inside an output dir is left out, never followed.
    expect(existsSync(join(out, 'd/link'))).toBe(false);
    expect(readFileSync(input, 'utf8')).toBe('from a path\n');
    expect(leftoverStepDirs()).toEqual([]);
  });

  it('gets a minimal environment, with HOME and TMPDIR its work dir', async () => {
    process.env.SAFERUN_TEST_SECRET = secret;
    try {
      const result = await runSandboxedStep({ command: 'env', env: { EXTRA: 'yes' } });
      const env = Object.fromEntries(result.stdout.split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2)));
      expect(env).toMatchObject({ HOME: STEP_WORK, TMPDIR: STEP_WORK, LANG: 'C.UTF-8', EXTRA: 'yes' });
      expect(result.stdout).not.toContain(secret);
      expect(Object.keys(env).sort()).toEqual(['EXTRA', 'HOME', 'LANG', 'PATH', 'PWD', 'SHLVL', 'TMPDIR']);
    } finally {
      delete process.env.SAFERUN_TEST_SECRET;
    }
  });

  it('sees /usr and the paths it is given, not the rest of the host', async () => {
    const script = `cat ${secretFile}; ls /etc; test -e /etc/passwd && echo has-passwd; ls /root 2>&1; exit 0`;
    const result = await bash(script);
    expect(result.stdout).not.toContain(secret);
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      'alternatives',
      'ld.so.cache',
      'ld.so.conf',
      'ld.so.conf.d',
    ]);
    expect(result.stdout).not.toContain('has-passwd');
    const given = await bash(`cat ${secretFile}`, { readOnlyPaths: [secretDir] });
    expect(given.stdout).toBe(secret);
    // Without the sandbox the same script reads it: the test above can fail.
    expect((await bash(`cat ${secretFile}`, { sandbox: 'none' })).stdout).toBe(secret);
  });

  it('cannot write into a read-only path, such as a cache dir', async () => {
    const cache = join(temp.dir, 'cache');
    mkdirSync(cache, { recursive: true, mode: 0o777 });
    writeFileSync(join(cache, 'entry'), 'trusted\n', { mode: 0o666 });
    const script = `echo evil > ${cache}/entry; echo evil > ${cache}/new; rm -f ${cache}/entry; ls ${cache}`;
    const result = await bash(script, { readOnlyPaths: [cache] });
    expect(result.stderr).toMatch(/Read-only file system/);
    expect(readdirSync(cache)).toEqual(['entry']);
    expect(readFileSync(join(cache, 'entry'), 'utf8')).toBe('trusted\n');
    // On the host the same script succeeds: the bind is what stops it.
    await bash(script, { sandbox: 'none' });
    expect(readdirSync(cache)).toEqual(['new']);
  });

  it('has no network, not even the host loopback', async () => {
    const script = `exec 3<>/dev/tcp/127.0.0.1/${port} && head -1 <&3`;
    const result = await bash(script);
    expect(result.ok).toBe(false);
    expect(result.stdout).not.toContain('hello');
    expect((await bash(script, { sandbox: 'none' })).stdout).toBe('hello');
  });

  itWith([needs.root()], 'as root, runs under a uid of its own with no capabilities', async () => {
    const result = await bash('id -u; id -G; grep ^CapEff /proc/self/status; cat /etc/shadow');
    const [uid, groups, caps] = result.stdout.split('\n');
    expect(Number(uid)).toBeGreaterThanOrEqual(1_000_000);
    expect(groups).toBe(uid);
    expect(caps).toMatch(/^CapEff:\s+0+$/);
    expect(result.stderr).toMatch(/\/etc\/shadow: No such file or directory/);
  });

  it('ends at its time limit, with nothing left running and no work dir left', async () => {
    const marker = `saferun-marker-${randomUUID()}`;
    const result = await bash(`(setsid bash -c "exec -a ${marker} sleep 100" &); exec -a ${marker} sleep 100`, {
      limits: { timeMs: 300 },
    });
    expect(result).toMatchObject({ kind: 'timeout', timedOut: true });
    expect(processesWith(marker)).toEqual([]);
    expect(leftoverStepDirs()).toEqual([]);
  });

  it('aborted once its processes run: every one of them ends, even one that left the session', async () => {
    const marker = `saferun-marker-${randomUUID()}`;
    const controller = new AbortController();
    const running = bash(`(setsid bash -c "exec -a ${marker} sleep 100" &); exec -a ${marker} sleep 100`, {
      signal: controller.signal,
    });
    while (processesWith(marker).length < 2) await new Promise((wake) => setTimeout(wake, 20));
    controller.abort();
    expect((await running).kind).toBe('aborted');
    expect(processesWith(marker)).toEqual([]);
    expect(leftoverStepDirs()).toEqual([]);
  });

  it('stops at the output, memory, file size and process limits', async () => {
    const output = await runSandboxedStep({ command: 'yes', limits: { outputBytes: 1000 } });
    expect(output.kind).toBe('output-limit');
    expect(output.stdout.length).toBeLessThanOrEqual(1000);

    const grow = 'a=$(head -c 100000000 /dev/zero | tr "\\0" x); echo ${#a}';
    const memory = await bash(grow, { limits: { memoryMb: 64 } });
    expect(memory.ok).toBe(false);
    expect(memory.stdout).not.toBe('100000000');

    const out = outputDir();
    const size = await bash('head -c 3000000 /dev/zero > big; echo wrote', {
      limits: { fileSizeMb: 1 },
      outputs: ['big'],
      outputDir: out,
    });
    expect(size.stderr).toMatch(/File size limit exceeded/);
    expect(statSync(size.outputs.big!).size).toBe(1024 * 1024);

    const forks = await bash('g++ -O0 count-forks.cpp -o count-forks && ./count-forks', {
      files: { 'count-forks.cpp': COUNT_FORKS },
      limits: { processes: 12 },
    });
    expect(forks.kind).toBe('ok');
    expect(Number(forks.stdout)).toBeLessThan(12);
  });

  it('never follows a link or opens a FIFO the step left where an output should be', async () => {
    for (const sandbox of ['bwrap', 'none'] as const) {
      const out = outputDir();
      const result = await bash(
        `ln -s ${secretFile} a; mkfifo b; mkdir c; ln -s ${secretDir} d; ln -s ${secretDir} e`,
        {
          sandbox,
          outputs: ['a', 'b', 'c', 'd', 'e/secret.txt'],
          outputDir: out,
        },
      );
      expect(result.outputs).toEqual({ c: join(out, 'c') });
      expect(readdirSync(out)).toEqual(['c']);
    }
  });

  it('closes descriptors above 2 that the caller inherited, in both modes', async () => {
    const listFds = { command: 'ls', args: ['/proc/self/fd'] };
    const [plain, boxed, host] = await runInChild(
      [{ plain: ['ls', '/proc/self/fd'] }, { step: listFds }, { step: { ...listFds, sandbox: 'none' } }],
      { leakFd: true },
    );
    // Without the step's wrapper the leaked descriptor reaches the program: the test can fail.
    expect(plain.stdout.split('\n')).toContain('30');
    for (const result of [boxed, host]) {
      expect(result.kind).toBe('ok');
      expect(result.stdout.split('\n').filter((fd: string) => Number(fd) > 3)).toEqual([]);
    }
  });
});

describeWith([needs.userBwrap()], 'runSandboxedStep for a caller that is not root', () => {
  it('reads no host file, writes no read-only path, and keeps to its process limit', async () => {
    const cache = join(temp.dir, 'user-cache');
    mkdirSync(cache);
    chownSync(cache, 65534, 65534);
    const [read, write, forks, shownOnHost] = await runInChild(
      [
        { step: { command: 'bash', args: ['-c', `id -u; cat ${secretFile}; exit 0`] } },
        { step: { command: 'bash', args: ['-c', `touch ${cache}/x`], readOnlyPaths: [cache] } },
        {
          step: {
            command: 'bash',
            args: ['-c', 'g++ -O0 count-forks.cpp -o count-forks && ./count-forks'],
            files: { 'count-forks.cpp': COUNT_FORKS },
            limits: { processes: 12 },
          },
        },
        { step: { command: 'cat', args: [secretFile], sandbox: 'none' } },
      ],
      { nobody: true },
    );
    expect(read).toMatchObject({ sandbox: 'bwrap', stdout: '65534' });
    expect(shownOnHost.stdout).toBe(secret);
    expect(write.stderr).toMatch(/Read-only file system/);
    expect(readdirSync(cache)).toEqual([]);
    expect(forks.kind).toBe('ok');
    expect(Number(forks.stdout)).toBeLessThan(12);
  });
});

describe('runSandboxedStep options', () => {
  it.each([
    [{ command: 'bin/cc' }, 'Expected `command` to be an absolute path or a name on PATH, got `"bin/cc"` (string)'],
    [{ command: 'cc', outputs: ['../x'], outputDir: '/tmp' }, 'Expected `outputs` to be relative names without `..`'],
    [{ command: 'cc', outputs: ['a'] }, 'Expected `outputDir` to be a host directory (required with `outputs`)'],
    [{ command: 'cc', files: { '/etc/x': { content: '' } } }, 'Expected `files` to be relative names without `..`'],
    [{ command: 'cc', files: { a: 'relative' } }, 'Expected `files["a"]` to be an absolute host path or { content }'],
    [{ command: 'cc', sandbox: 'yes' }, "Expected `sandbox` to be 'auto', 'bwrap' or 'none', got `\"yes\"` (string)"],
    [{ command: 'cc', limits: { timeMs: 0 } }, 'Expected `limits.timeMs` to be an integer from 1 to 2147483647'],
    [{ command: 'cc', readOnlyPaths: ['lib'] }, 'Expected `readOnlyPaths` to be absolute paths, got `"lib"` (string)'],
  ])('refuses %j with a message naming the option', async (options, message) => {
    await expect(runSandboxedStep(options as StepOptions)).rejects.toThrow(message);
  });

  it('says spawn-error for a command that is not on PATH', async () => {
    const missing = await runSandboxedStep({ command: 'saferun-no-such-compiler', sandbox: 'none' });
    expect(missing).toMatchObject({
      ok: false,
      kind: 'spawn-error',
      error: { code: 'ENOENT' },
      command: 'saferun-no-such-compiler',
      outputs: {},
      sandbox: 'none',
      durationMs: 0,
    });
    expect(missing.message).toMatch(/^`saferun-no-such-compiler` was not found \(PATH .*\)$/);
    expect(leftoverStepDirs()).toEqual([]);
  });

  itWith([needs.bwrap()], 'names readOnlyPaths for a command outside /usr', async () => {
    const outside = join(temp.dir, 'tool');
    writeFileSync(outside, '#!/bin/sh\necho tool\n', { mode: 0o755 });
    await expect(runSandboxedStep({ command: outside })).rejects.toThrow(/add its directory to `readOnlyPaths`/);
    expect((await runSandboxedStep({ command: outside, readOnlyPaths: [temp.dir] })).stdout).toBe('tool');
  });
});
