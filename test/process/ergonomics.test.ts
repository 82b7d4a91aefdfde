import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exec, execFile, execSync, run, runSync, RunFailedError } from '../../src/process/index.js';

const node = process.execPath;

describe('options bound once', () => {
  it('run(options) is a run (template or string) with those options; it binds again, later options win', async () => {
    const inTmp = run({ cwd: '/tmp' });
    expect((await inTmp`pwd`).stdout).toBe('/tmp');
    expect((await inTmp('pwd')).stdout).toBe('/tmp');
    expect((await inTmp('pwd', { cwd: '/usr' })).stdout).toBe('/usr');
    const $ = inTmp({ env: { SAFERUN_A: 'a' } })({ env: { SAFERUN_B: 'b' } });
    const both = await $`sh -c ${'echo $SAFERUN_A$SAFERUN_B; pwd'}`;
    expect(both.stdout).toBe('ab\n/tmp');
    expect(run({ cwd: '/tmp' })`pwd`).toHaveProperty('pipe');
    expect(runSync({ cwd: '/tmp' })`pwd`.stdout).toBe('/tmp');
  });

  it('bound options are validated when a run starts: a refused one is an invalid-options result', async () => {
    const $ = run({ timeout: -5 });
    expect(await $`echo never`).toMatchObject({ kind: 'invalid-options' });
  });
});

describe('throwOnError', () => {
  it('rejects with "Command failed with exit code 3: <command>", the tail of stderr, and the result', async () => {
    const failing = run(`${node} -e "console.error('first'); console.error('why it failed'); process.exit(3)"`, {
      throwOnError: true,
    });
    const error = (await failing.then(
      () => undefined,
      (reason: unknown) => reason,
    )) as RunFailedError;
    expect(error).toBeInstanceOf(RunFailedError);
    expect(error.code).toBe('ERR_RUN_FAILED');
    expect(error.message).toBe(
      `Command failed with exit code 3: ${node} -e 'console.error('\\''first'\\''); console.error('\\''why it failed'\\''); process.exit(3)'\nfirst\nwhy it failed`,
    );
    expect(error.result).toMatchObject({ kind: 'exit', exitCode: 3 });
  });

  it('resolves to the ok result; throws from the sync forms; a spawn error throws too', async () => {
    expect((await run('echo fine', { throwOnError: true })).stdout).toBe('fine');
    expect(() => execSync('exit 4', { throwOnError: true })).toThrow('Command failed with exit code 4: exit 4');
    await expect(run('saferun-no-such-command', { throwOnError: true })).rejects.toThrow(
      'Command `saferun-no-such-command`: not found in PATH',
    );
    await expect(run('echo', { throwOnError: true, timeout: 'x' } as never)).rejects.toThrow(
      'Expected `timeout` to be a non-negative integer, got `"x"` (string)',
    );
  });

  it('without it, nothing rejects', async () => {
    expect(await run('saferun-no-such-command')).toMatchObject({ kind: 'spawn-error' });
  });
});

describe('a one-line message on every result that is not ok', () => {
  it.each([
    ['exit 3', {}, 'Command failed with exit code 3: exit 3'],
    ['kill -SEGV $$', {}, 'Command was killed by SIGSEGV (11): kill -SEGV $$'],
    ['sleep 10', { timeout: 100 }, 'Command timed out after 100ms (killed with SIGTERM): sleep 10'],
    ['yes', { maxBuffer: 1000 }, "Command's output passed maxBuffer (1000b) (killed with SIGTERM): yes"],
    ['echo', { timeout: -1 }, 'Expected `timeout` to be a non-negative integer, got `-1` (number)'],
    ['echo a\necho b; exit 1', {}, 'Command failed with exit code 1: echo a echo b; exit 1'],
  ] as const)('%s', async (command, options, message) => {
    const result = await exec(command, options);
    expect(result.ok).toBe(false);
    expect(result.message).toBe(message);
    expect(result.message).not.toContain('\n');
  });

  it('aborted and spawn-error; none on an ok result', async () => {
    expect((await run('sleep 1', { signal: AbortSignal.abort() })).message).toBe(
      'Command was aborted before it started: sleep 1',
    );
    expect((await run('saferun-no-such-command')).message).toBe('Command `saferun-no-such-command`: not found in PATH');
    expect((await run('true')).message).toBeUndefined();
  });
});

describe('verbose', () => {
  const script = (options: string) =>
    `import { run } from './dist/index.js'; await run('echo quiet', ${options}); await run('sh -c "exit 3"', ${options});`;

  it('verbose: true prints each command and how it ended to stderr', async () => {
    const result = await execFile(node, ['--input-type=module', '-e', script('{ verbose: true }')]);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('[saferun 1] $ echo quiet');
    expect(lines[1]).toMatch(/^\[saferun 1\] ✔ done in [\d.]+m?s$/);
    expect(lines[2]).toBe("[saferun 2] $ sh -c 'exit 3'");
    expect(lines[3]).toMatch(/^\[saferun 2\] ✘ Command failed with exit code 3: sh -c 'exit 3' \(after [\d.]+m?s\)$/);
  });

  it('SAFERUN_VERBOSE=1 turns it on for every run; verbose: false still wins', async () => {
    const env = { SAFERUN_VERBOSE: '1' };
    const on = await execFile(node, ['--input-type=module', '-e', script('{}')], { env });
    expect(on.stderr).toContain('[saferun 1] $ echo quiet');
    const off = await execFile(node, ['--input-type=module', '-e', script('{ verbose: false }')], { env });
    expect(off.stderr).toBe('');
  });
});

describe('preferLocal', () => {
  it('puts node_modules/.bin of cwd and every folder above it first on PATH, nearest first', async () => {
    const root = mkdtempSync(join(tmpdir(), 'saferun-local-'));
    const nested = join(root, 'packages', 'app');
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    mkdirSync(join(nested, 'node_modules', '.bin'), { recursive: true });
    const tool = join(root, 'node_modules', '.bin', 'saferun-local-tool');
    writeFileSync(tool, '#!/bin/sh\necho root tool\n');
    chmodSync(tool, 0o755);
    expect((await run('saferun-local-tool', { cwd: nested })).kind).toBe('spawn-error');
    expect((await run('saferun-local-tool', { cwd: nested, preferLocal: true })).stdout).toBe('root tool');
    const path = (await run('sh -c "echo $PATH"', { cwd: nested, preferLocal: true })).stdout.split(':');
    expect(path.slice(0, 3)).toEqual([
      join(nested, 'node_modules', '.bin'),
      join(root, 'packages', 'node_modules', '.bin'),
      join(root, 'node_modules', '.bin'),
    ]);
    expect(path.slice(-1)[0]).toBe(process.env.PATH!.split(':').slice(-1)[0]);
  });
});

describe('every new option refuses bad values with invalid-options', () => {
  it.each([
    [{ all: 'yes' }, 'Expected `all` to be a boolean, got `"yes"` (string)'],
    [{ throwOnError: 1 }, 'Expected `throwOnError` to be a boolean, got `1` (number)'],
    [{ verbose: 'loud' }, 'Expected `verbose` to be a boolean, got `"loud"` (string)'],
    [{ preferLocal: null }, 'Expected `preferLocal` to be a boolean, got `null` (null)'],
    [{ cleanup: 0 }, 'Expected `cleanup` to be a boolean, got `0` (number)'],
    [{ detached: 'no' }, 'Expected `detached` to be a boolean, got `"no"` (string)'],
    [{ inputFile: '' }, 'Expected `inputFile` to be a non-empty string or file URL, got `""` (string)'],
    [
      { inputFile: new URL('https://example.com/x') },
      /^Expected `inputFile` to be a non-empty string or file URL, got/,
    ],
    [{ inputFile: 'a', input: 'b' }, 'Expected `inputFile` to be absent when `input` is given, got `"a"` (string)'],
    [{ inputFile: 'a', stdin: 'pipe' }, 'Expected `inputFile` to be absent when `stdin` is given, got `"a"` (string)'],
    [
      { stdin: 'tty' },
      "Expected `stdin` to be 'pipe', 'inherit', 'ignore', a file descriptor, `{ file }` or a readable stream, got `\"tty\"` (string)",
    ],
    [
      { stdout: -1 },
      "Expected `stdout` to be 'pipe', 'inherit', 'ignore', a file descriptor, `{ file, append? }` or a writable stream, got `-1` (number)",
    ],
    [{ stderr: { file: 3 } }, 'Expected `stderr.file` to be a non-empty string or file URL, got `3` (number)'],
    [{ stdout: { file: 'x', append: 'yes' } }, 'Expected `stdout.append` to be a boolean, got `"yes"` (string)'],
    [
      { stdin: { file: 'x', append: true } },
      'Expected `stdin.append` to be absent (stdin takes `{ file }`), got `true` (boolean)',
    ],
    [
      { stdout: { path: 'x', file: 'y' } },
      'Expected `stdout.path` to be absent (stdout takes `{ file, append? }`), got `"x"` (string)',
    ],
    [
      { input: 'x', stdin: 'inherit' },
      'Expected `stdin` to be \'pipe\' when `input` is given, got `"inherit"` (string)',
    ],
  ])('%j', async (options, message) => {
    const result = await run('echo should-not-run', options as never);
    expect(result).toMatchObject({ kind: 'invalid-options', pid: undefined, error: { code: 'ERR_INVALID_OPTION' } });
    expect(result.error?.message).toMatch(message);
    expect(runSync('echo should-not-run', options as never).error?.message).toMatch(message);
  });

  it('the sync forms refuse streams and all, which need the event loop', () => {
    expect(runSync('cat', { stdin: process.stdin }).error?.message).toMatch(/streams need the async forms/);
    expect(runSync('cat', { all: true }).error?.message).toMatch(/`all` needs the async forms/);
  });
});
