// Bugs found by trying run() as a script writer would; each stays fixed.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  execFile,
  execFileSync,
  parseCommand,
  run,
  RunFailedError,
  runSync,
  spawn,
  type Result,
} from '../../src/process/index.js';

const node = process.execPath;

describe('fixed bugs', () => {
  it('a backslash-newline between words (a continued line) adds no empty argument', async () => {
    expect(parseCommand('g++ main.cpp \\\n  -O2 \\\n  -o main')).toEqual(['g++', 'main.cpp', '-O2', '-o', 'main']);
    expect(parseCommand('echo a\\\nb "c\\\nd"')).toEqual(['echo', 'ab', 'cd']);
    expect((await run('printf %s, \\\n a \\\n b')).stdout).toBe('a,b,');
  });

  it('an onStdout / onStderr callback that throws neither crashes the process nor escapes the call', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const seen: string[] = [];
      const result = await execFile('sh', ['-c', 'echo one; echo two; echo three >&2'], {
        onStdout: (line) => {
          seen.push(line);
          throw new Error(`bad line ${line}`);
        },
        onStderr: () => {
          throw new Error('bad stderr');
        },
      });
      expect(result).toMatchObject({ ok: true, stdout: 'one\ntwo', stderr: 'three' });
      expect(seen).toEqual(['one']); // not called again once it threw
      const sync = execFileSync('echo', ['sync'], {
        onStdout: () => {
          throw new Error('bad sync line');
        },
      });
      expect(sync).toMatchObject({ ok: true, stdout: 'sync' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((warning) => warning.message)).toEqual([
        "`onStdout` threw (bad line one); it is not called again for `sh -c 'echo one; echo two; echo three >&2'`",
        "`onStderr` threw (bad stderr); it is not called again for `sh -c 'echo one; echo two; echo three >&2'`",
        '`onStdout` threw (bad sync line); it is not called again for `echo sync`',
      ]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('a URL interpolated into the template is the whole URL; a file URL is its path', async () => {
    const url = new URL('https://example.com/a/b?q=1');
    expect((await run`echo ${url}`).stdout).toBe('https://example.com/a/b?q=1');
    expect((await run`echo ${new URL('file:///tmp/my%20file.txt')}`).stdout).toBe('/tmp/my file.txt');
  });

  it('lines() answers next() calls that overlap, each with its own line, in order', async () => {
    const child = spawn(node, ['-e', "console.log('a'); setTimeout(() => console.log('b'), 50)"]);
    const lines = child.lines();
    const [first, second, third] = await Promise.all([lines.next(), lines.next(), lines.next()]);
    expect([first.value, second.value, third.done]).toEqual(['a', 'b', true]);
    await child;
  });

  it("a refused option with encoding: 'buffer' gives empty Buffers, as the type says", async () => {
    const result = await run('echo', { encoding: 'buffer', timeout: -1 });
    expect(result.kind).toBe('invalid-options');
    expect(Buffer.isBuffer(result.stdout) && Buffer.isBuffer(result.stderr)).toBe(true);
    const sync = execFileSync('echo', 'not-args' as never, { encoding: 'buffer' });
    expect(sync.kind).toBe('invalid-options');
    expect(Buffer.isBuffer(sync.stdout)).toBe(true);
  });

  it('a stdin stream destroyed before the start, or while the child reads, ends its input (no hang)', async () => {
    const gone = new PassThrough();
    gone.destroy();
    expect(await run('cat', { stdin: gone })).toMatchObject({ ok: true, stdout: '' });
    const cut = new PassThrough();
    const reading = run('cat', { stdin: cut });
    cut.write('half\n');
    for await (const line of reading.lines()) if (line === 'half') break;
    cut.destroy();
    expect(await reading).toMatchObject({ ok: true, stdout: 'half' });
  });

  it("a stage ended by another stage's timeout or maxBuffer names that limit, not 0", async () => {
    const timedOut = await run('sleep 30', { timeout: 200 }).pipe('cat');
    expect(timedOut.message).toBe('Command timed out after 200ms (killed with SIGTERM): cat');
    const tooMuch = await run('yes', { maxBuffer: 10 }).pipe('cat', { maxBuffer: 1000 });
    expect(tooMuch.kind).toBe('output-limit');
    expect(tooMuch.message).toMatch(/^Command's output passed maxBuffer \(1000b\)/);
    expect(tooMuch.pipedFrom?.[0]?.message).toMatch(/^Command's output passed maxBuffer \(1000b\)/);
  });

  it('throwOnError on an earlier command of a pipeline rejects when that command fails, as execa does', async () => {
    const rejected = await run('sh -c "exit 3"', { throwOnError: true })
      .pipe('cat')
      .catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(RunFailedError);
    expect((rejected as RunFailedError).result).toMatchObject({ kind: 'exit', exitCode: 3 });
    const $ = run({ throwOnError: true });
    await expect($`sh -c ${'exit 4'}`.pipe`cat`).rejects.toThrow('Command failed with exit code 4');
    // A writer cut off by its reader (EPIPE) is still no failure.
    expect((await run('yes', { throwOnError: true }).pipe('head -n 1')).stdout).toBe('y');
  });

  it('onStdout sees the lines of a stdout given to a stream or piped on; with no way to see them it is refused', async () => {
    const sink = new PassThrough().resume();
    const streamed: string[] = [];
    await run('printf "a\\nb\\n"', { stdout: sink, onStdout: (line) => streamed.push(line) });
    expect(streamed).toEqual(['a', 'b']);
    const piped: string[] = [];
    const counted = await run('printf "c\\nd\\n"', { onStdout: (line) => piped.push(line) }).pipe('wc -l');
    expect([piped, counted.stdout]).toEqual([['c', 'd'], '2']);
    const refused = await run('echo hi', { stdout: 'ignore', onStdout: () => undefined });
    expect(refused.kind).toBe('invalid-options');
    expect(refused.message).toBe(
      "Expected `onStdout` to be absent when `stdout` is not 'pipe' or a stream (its lines never reach saferun), got `[function onStdout]` (function)",
    );
    const sync = execFileSync('echo', ['hi'], { stderr: { file: '/dev/null' }, onStderr: () => undefined });
    expect(sync.kind).toBe('invalid-options');
  });

  it('an argument list too long for the kernel (E2BIG) says so', async () => {
    const huge = ['x'.repeat(200_000)];
    const message =
      'Command `echo`: its argument list is too long (E2BIG: at most 128 KiB an argument, and about 2 MiB in all with the environment)';
    expect(await execFile('echo', huge)).toMatchObject({ kind: 'spawn-error', message });
    expect(execFileSync('echo', huge)).toMatchObject({ kind: 'spawn-error', message });
    expect(execFileSync('echo', huge, { timeout: 10_000 })).toMatchObject({ kind: 'spawn-error', message });
  });

  it('a template that names no program is refused as the string form is, naming `command`', async () => {
    expect((await run``).message).toBe('Expected `command` to name a program, got `""` (string)');
    expect((await run`${[]} `).message).toBe('Expected `command` to name a program, got `"${…} "` (string)');
    expect((await run`${''} a`).message).toBe('Expected `command` to name a program, got `"${…} a"` (string)');
  });

  it("kill() refuses what is not a signal name instead of escalating to SIGKILL (a JS caller's kill(0))", async () => {
    const child = spawn('sleep', ['100']);
    expect(() => child.kill(0 as never)).toThrow(
      'Expected `signal` to be a signal name such as `SIGTERM`, got `0` (number)',
    );
    expect(() => child.kill('SIGFOO' as never)).toThrow(
      'Expected `signal` to be a signal name such as `SIGTERM`, got `"SIGFOO"` (string)',
    );
    expect(child.kill('SIGKILL')).toBe(true);
    expect(await child).toMatchObject({ kind: 'signal', signal: 'SIGKILL' });
  });

  it('a stdout stream that fails or closes stops the child at its next write (EPIPE), as a reader that exits in a shell', async () => {
    // `yes` dies of SIGPIPE, or exits 1 on EPIPE where SIGPIPE is blocked (as in a test worker).
    const brokenPipe = (result: Result) => result.signal ?? result.exitCode;
    const failing = new Writable({ write: (_chunk, _encoding, done) => done(new Error('disk full')) });
    const errors: string[] = [];
    failing.on('error', (error) => errors.push(error.message));
    expect(['SIGPIPE', 1]).toContain(brokenPipe(await run('yes', { stdout: failing })));
    expect(errors).toEqual(['disk full']);
    const closing = new PassThrough();
    closing.once('data', () => closing.destroy());
    expect(['SIGPIPE', 1]).toContain(brokenPipe(await run('yes', { stdout: closing })));
  });

  it("lines() refuses a stream name other than 'stdout' or 'stderr' (lines('all') gave stderr)", async () => {
    const child = spawn('sh', ['-c', 'echo out; echo err >&2']);
    expect(() => child.lines('all' as never)).toThrow(
      "Expected `stream` to be 'stdout' or 'stderr', got `\"all\"` (string)",
    );
    expect(await child).toMatchObject({ stdout: 'out', stderr: 'err' });
  });

  it('a stdin stream shared by one run after another keeps no listener of the runs that ended', async () => {
    const source = new PassThrough();
    const lines = Array.from({ length: 12 }, (_, index) => `line ${index}`);
    for (const line of lines) {
      const reading = run('head -n 1', { stdin: source });
      source.write(`${line}\n`);
      expect((await reading).stdout).toBe(line);
    }
    // The last run's listeners may stay until Node closes its stdin, after the result; 12 runs left 12.
    expect(source.listenerCount('error')).toBeLessThanOrEqual(1);
    expect(source.listenerCount('close')).toBeLessThanOrEqual(1);
  });

  it('run() and runSync() bind only a plain object as options: a URL or a Buffer is refused as the command', async () => {
    const url = new URL('file:///bin/true');
    const result = await run(url as never);
    expect(result).toMatchObject({ kind: 'invalid-options' });
    expect(result.message).toMatch(/^Expected `command` to be a string, got /);
    expect(runSync(Buffer.from('true') as never)).toMatchObject({ kind: 'invalid-options' });
    // Nor are a Map's entries options, silently dropped.
    const mapped = await run('sleep 10', new Map([['timeout', 100]]) as never);
    expect(mapped.message).toBe('Expected `options` to be an object, got `{}` (Map)');
  });
});
