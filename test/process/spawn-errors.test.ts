import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exec, execFile, execFileSync, fork, run, runSync, spawn } from '../../src/process/index.js';

const dir = mkdtempSync(join(tmpdir(), 'saferun-spawn-'));
const notExecutable = join(dir, 'script.sh');
writeFileSync(notExecutable, '#!/bin/sh\necho hi\n');
chmodSync(notExecutable, 0o644);

describe('commands that cannot start', () => {
  it.each([
    ['run', () => run('saferun-no-such-command --flag')],
    ['execFile', () => execFile('saferun-no-such-command')],
    ['spawn', async () => await spawn('saferun-no-such-command')],
    ['runSync', () => runSync('saferun-no-such-command')],
    ['execFileSync', () => execFileSync('saferun-no-such-command')],
  ])('%s: a missing command gives ENOENT naming the command', async (_name, start) => {
    const result = await start();
    expect(result).toMatchObject({ ok: false, kind: 'spawn-error', exitCode: null, pid: undefined });
    expect(result.error).toEqual({ code: 'ENOENT', message: 'Command `saferun-no-such-command`: not found in PATH' });
  });

  it('a missing path names the path', async () => {
    const result = await run('./no/such/program');
    expect(result.error).toEqual({ code: 'ENOENT', message: 'Command `./no/such/program`: no such file' });
  });

  it.each([
    ['async', () => run('ls', { cwd: join(dir, 'missing-dir') })],
    ['sync', () => runSync('ls', { cwd: join(dir, 'missing-dir') })],
  ])('%s: a missing cwd gives ENOENT naming the cwd, not the command', async (_name, start) => {
    const result = await start();
    expect(result.kind).toBe('spawn-error');
    expect(result.error?.code).toBe('ENOENT');
    expect(result.error?.message).toBe(
      `The working directory \`${join(dir, 'missing-dir')}\` (option \`cwd\`) does not exist`,
    );
  });

  it('a cwd that is a file says so', async () => {
    const result = await run('ls', { cwd: notExecutable });
    expect(result.error?.message).toMatch(/is not a directory/);
  });

  it('a non-executable file gives EACCES naming the file', async () => {
    const result = await execFile(notExecutable);
    expect(result).toMatchObject({ kind: 'spawn-error', error: { code: 'EACCES' } });
    expect(result.error?.message).toContain(notExecutable);
    expect(execFileSync(notExecutable).error?.code).toBe('EACCES');
  });

  it('a missing command under a sync timeout is still a spawn error', () => {
    expect(runSync('saferun-no-such-command', { timeout: 1000 })).toMatchObject({
      kind: 'spawn-error',
      error: { code: 'ENOENT' },
    });
  });

  it('a missing module for fork is the child failing, with Node saying why on stderr', async () => {
    const result = await fork(join(dir, 'missing.mjs'));
    expect(result).toMatchObject({ ok: false, kind: 'exit', exitCode: 1 });
    expect(result.stderr).toContain('Cannot find module');
  });
});

describe('invalid options: a clear result, and no process started', () => {
  it.each([
    [{ timeout: -1 }, 'Expected `timeout` to be a non-negative integer, got `-1` (number)'],
    [{ timeout: 1.5 }, 'Expected `timeout` to be a non-negative integer, got `1.5` (number)'],
    [{ timeout: '100' }, 'Expected `timeout` to be a non-negative integer, got `"100"` (string)'],
    // Node fires a longer timer at once: the limit is said, not "a non-negative integer" (which it is).
    [
      { timeout: 2 ** 31 },
      'Expected `timeout` to be at most 2147483647 ms (about 24.8 days), got `2147483648` (number)',
    ],
    [
      { drainTimeout: 2 ** 31 },
      'Expected `drainTimeout` to be at most 2147483647 ms (about 24.8 days), got `2147483648` (number)',
    ],
    [{ maxBuffer: 0 }, 'Expected `maxBuffer` to be a positive integer (bytes), got `0` (number)'],
    [
      { killSignal: 'SIGNOPE' },
      'Expected `killSignal` to be a signal name such as `SIGTERM`, got `"SIGNOPE"` (string)',
    ],
    [{ forceKillAfter: -5 }, 'Expected `forceKillAfter` to be a non-negative integer or false, got `-5` (number)'],
    [{ cwd: 42 }, 'Expected `cwd` to be a non-empty string or file URL, got `42` (number)'],
    [{ env: { A: 1 } }, 'Expected `env.A` to be a string, got `1` (number)'],
    [{ encoding: 'latin1' }, "Expected `encoding` to be 'utf8' or 'buffer', got `\"latin1\"` (string)"],
    [
      { stdio: 'bogus' },
      "Expected `stdio` to be 'pipe', 'inherit', 'ignore' or an array of three of them, got `\"bogus\"` (string)",
    ],
    [{ input: 42 }, 'Expected `input` to be a string or Buffer, got `42` (number)'],
    [{ signal: 'abort' }, 'Expected `signal` to be an AbortSignal, got `"abort"` (string)'],
    [{ killTree: 'yes' }, 'Expected `killTree` to be a boolean, got `"yes"` (string)'],
    [{ onStdout: 'print' }, 'Expected `onStdout` to be a function, got `"print"` (string)'],
    [{ timeuot: 100 }, 'Unknown option `timeuot`'],
  ])('%j', async (options, message) => {
    const asynchronous = await run('echo should-not-run', options as never);
    expect(asynchronous).toMatchObject({ ok: false, kind: 'invalid-options', pid: undefined, stdout: '' });
    expect(asynchronous.error).toEqual({ code: 'ERR_INVALID_OPTION', message });
    expect(runSync('echo should-not-run', options as never).error?.message).toBe(message);
  });

  it('bad arguments to the functions themselves are results too', async () => {
    expect((await run('')).kind).toBe('invalid-options');
    expect((await run('echo "unterminated')).error?.message).toBe('Unterminated double quote in command');
    expect((await execFile('echo', 'not-an-array' as never)).error?.message).toMatch(
      /Expected `args` to be an array of strings/,
    );
    expect((await exec(42 as never)).kind).toBe('invalid-options');
    expect((await spawn(undefined as never)).kind).toBe('invalid-options');
    expect((await fork('')).kind).toBe('invalid-options');
    expect((await fork('x.mjs', 5 as never)).error?.message).toBe(
      'Expected `args` to be an array of strings, got `5` (number)',
    );
    expect((await fork('x.mjs', [], { execArgv: 7 } as never)).error?.message).toBe(
      'Expected `execArgv` to be an array of strings, got `7` (number)',
    );
    expect((await fork('x.mjs', [], { serialization: 'xml' } as never)).error?.message).toMatch(/`serialization`/);
    expect((await fork('x.mjs', [], 'opts' as never)).error?.message).toMatch(/Expected `options` to be an object/);
    expect((await run('echo', { execArgv: [] } as never)).error?.message).toBe('Unknown option `execArgv`');
    expect((await run('echo', null as never)).error?.message).toBe(
      'Expected `options` to be an object, got `null` (null)',
    );
  });

  it('an argument Node itself refuses (a NUL byte) is a result, not a throw', async () => {
    const result = await execFile('echo', ['a\0b']);
    expect(result.ok).toBe(false);
    expect(result.kind).toBe('spawn-error');
    expect(execFileSync('echo', ['a\0b']).kind).toBe('spawn-error');
  });
});
