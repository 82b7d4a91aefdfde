import { describe, expect, expectTypeOf, it } from 'vitest';
import { exec, execFile, execSync, run, type Result } from '../../src/process/index.js';

const node = process.execPath;

describe('results', () => {
  it('execSync returns a result for a failing command instead of throwing', () => {
    const result = execSync('exit 3');
    expect(result).toMatchObject({ ok: false, kind: 'exit', exitCode: 3, signal: null, timedOut: false });
  });

  it('run gives ok with stdout, stderr, pid, duration and the shell-escaped command', async () => {
    const result = await run(`${node} -e "console.log('out'); console.error('err')"`);
    expect(result).toMatchObject({ ok: true, kind: 'ok', exitCode: 0, stdout: 'out', stderr: 'err' });
    expect(result.pid).toBeGreaterThan(0);
    expect(result.durationMs).toBeGreaterThan(0);
    expect(result.command).toBe(`${node} -e 'console.log('\\''out'\\''); console.error('\\''err'\\'')'`);
  });

  it('run passes shell syntax through as plain arguments', async () => {
    const result = await run('echo $HOME; ls | wc > out');
    expect(result.stdout).toBe('$HOME; ls | wc > out');
  });

  it('run with shell: true and exec go through /bin/sh', async () => {
    expect((await run('echo a | tr a b', { shell: true })).stdout).toBe('b');
    expect(await exec('echo a | tr a b; exit 4')).toMatchObject({ kind: 'exit', exitCode: 4, stdout: 'b' });
  });

  it('the tagged template cannot be used to inject a command', async () => {
    const file = "x'; echo pwned; '$(id)";
    const result = await run`echo ${file}`;
    expect(result.stdout).toBe(file);
  });

  it('signal death is reported as the signal', async () => {
    const result = await execFile(node, ['-e', "process.kill(process.pid, 'SIGSEGV')"]);
    expect(result).toMatchObject({ ok: false, kind: 'signal', exitCode: null, signal: 'SIGSEGV' });
  });

  it('through a shell, a child killed by a signal shows as exit code 139, kept as is', async () => {
    const result = await exec(`sh -c 'kill -SEGV $$'; exit $?`);
    expect(result).toMatchObject({ ok: false, kind: 'exit', exitCode: 139, signal: null });
  });

  it('stripFinalNewline removes one trailing newline by default and keeps it when false', async () => {
    expect((await exec('printf "a\\n\\n"')).stdout).toBe('a\n');
    expect((await exec('printf "a\\r\\n"')).stdout).toBe('a');
    expect((await exec('printf "a\\n"', { stripFinalNewline: false })).stdout).toBe('a\n');
  });

  it("encoding: 'buffer' gives Buffers", async () => {
    const result = await exec('printf "\\377\\376"', { encoding: 'buffer' });
    expectTypeOf(result.stdout).toEqualTypeOf<Buffer>();
    expect(Buffer.isBuffer(result.stdout)).toBe(true);
    expect([...result.stdout]).toEqual([0xff, 0xfe]);
  });

  it('input is written to stdin; without input, stdin is closed so a reader ends', async () => {
    expect((await run('cat', { input: 'hello' })).stdout).toBe('hello');
    expect((await run('cat', { input: Buffer.from('bytes') })).stdout).toBe('bytes');
    expect(await run('cat')).toMatchObject({ ok: true, stdout: '' });
  });

  it('env is merged over process.env unless extendEnv is false; cwd is honoured', async () => {
    const script = 'fixtures/process/echo-env.mjs';
    const merged = await execFile(node, [script, 'SAFERUN_X', 'PATH'], { env: { SAFERUN_X: '1' } });
    expect(JSON.parse(merged.stdout)).toEqual({ SAFERUN_X: '1', PATH: process.env.PATH });
    const alone = await execFile(node, [script, 'SAFERUN_X', 'PATH'], { env: { SAFERUN_X: '2' }, extendEnv: false });
    expect(JSON.parse(alone.stdout)).toEqual({ SAFERUN_X: '2', PATH: null });
    expect((await run('pwd', { cwd: '/tmp' })).stdout).toBe('/tmp');
    expect((await run('pwd', { cwd: new URL('file:///usr/') })).stdout).toBe('/usr');
  });

  it('the child gets process.env as it is now, each variable once, and the mark after any enclosing one', async () => {
    const entries = async () => (await run('env -0')).stdout.split('\0').filter(Boolean);
    const names = (list: string[]) => list.map((entry) => entry.slice(0, entry.indexOf('=')));
    // Runs before the change: an environment built over process.env as a prototype (no copy) went
    // stale here, as V8 cached the keys it enumerated.
    for (let i = 0; i < 20; i++) await run('true');
    process.env.SAFERUN_LATE = 'late';
    try {
      const plain = await entries();
      expect(new Set(names(plain)).size).toBe(plain.length);
      expect(plain).toContain('SAFERUN_LATE=late');
      expect(plain.filter((entry) => entry.startsWith('SAFERUN_TREE='))).toHaveLength(1);
      // Under an enclosing run, whose mark is in process.env already.
      process.env.SAFERUN_TREE = 'outer-1';
      const nested = await entries();
      expect(new Set(names(nested)).size).toBe(nested.length);
      expect(nested.filter((entry) => entry.startsWith('SAFERUN_TREE='))).toEqual([
        expect.stringMatching(/^SAFERUN_TREE=outer-1,\d+-/),
      ]);
    } finally {
      delete process.env.SAFERUN_LATE;
      delete process.env.SAFERUN_TREE;
    }
  });

  it('onStdout and onStderr get each line as it arrives', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const result = await exec('echo one; echo two >&2; printf "three\\r\\nfour"', {
      onStdout: (line) => out.push(line),
      onStderr: (line) => err.push(line),
    });
    expect(out).toEqual(['one', 'three', 'four']);
    expect(err).toEqual(['two']);
    expect(result.stdout).toBe('one\nthree\r\nfour');
  });

  it("stdio: 'ignore' gives empty output and still a result", async () => {
    expect(await run('echo hidden', { stdio: 'ignore' })).toMatchObject({ ok: true, stdout: '', stderr: '' });
  });

  it('a switch over result.kind with a never default compiles', () => {
    const describe = (result: Result): string => {
      switch (result.kind) {
        case 'ok':
        case 'exit':
        case 'signal':
        case 'timeout':
        case 'aborted':
        case 'output-limit':
        case 'spawn-error':
        case 'invalid-options':
          return result.kind;
        default: {
          const unreachable: never = result;
          return unreachable;
        }
      }
    };
    expect(describe(execSync('true'))).toBe('ok');
  });
});
