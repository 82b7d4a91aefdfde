// Five bugs found by trying run() as a script writer would; each stays fixed.
import { describe, expect, it } from 'vitest';
import { execFile, execFileSync, parseCommand, run, spawn } from '../../src/process/index.js';

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
});
