import { mkdtempSync, readFileSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { exec, execFile, run, spawn, type Subprocess } from '../../src/process/index.js';
import { isAlive, killQuietly, waitUntil } from '../helpers/processes.js';

const node = process.execPath;
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) killQuietly(pid);
});

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'saferun-compose-'));
}

describe('run() and exec() give handles', () => {
  it('a handle: pid, kill(), lines(), pipe(), and awaitable (then, catch, finally)', async () => {
    const handle = run('sh -c "echo one; echo two"');
    expect(handle.pid).toBeGreaterThan(0);
    expect(typeof handle.kill).toBe('function');
    expect(typeof handle.pipe).toBe('function');
    const lines: string[] = [];
    for await (const line of handle.lines()) lines.push(line);
    expect(lines).toEqual(['one', 'two']);
    let finished = false;
    const result = await handle.finally(() => (finished = true));
    expect(result).toMatchObject({ ok: true, stdout: 'one\ntwo' });
    expect(finished).toBe(true);
    expect(await exec('exit 2').catch(() => 'rejected')).toMatchObject({ kind: 'exit', exitCode: 2 });
    const killed = exec('sleep 100');
    expect(killed.kill()).toBe(true);
    expect(await killed).toMatchObject({ kind: 'signal', signal: 'SIGTERM' });
  });
});

describe('pipe', () => {
  it('run(a).pipe(b): a string, a template and a handle; the last result holds the earlier ones in pipedFrom', async () => {
    const word = 'b c';
    const result = await run('printf "a\\nb c\\nb c\\nd\\n"').pipe('sort -r').pipe`grep -x ${word}`.pipe(
      spawn('uniq', ['-c']),
    );
    expect(result).toMatchObject({ ok: true, kind: 'ok' });
    expect(result.stdout.trim()).toBe('2 b c');
    expect(result.pipedFrom?.map((stage) => stage.command)).toEqual([
      "printf 'a\\nb c\\nb c\\nd\\n'",
      'sort -r',
      "grep -x 'b c'",
    ]);
    expect(result.pipedFrom?.every((stage) => stage.ok)).toBe(true);
    // The piped stdout went to the next command, not into the earlier result.
    expect(result.pipedFrom?.[0]?.stdout).toBe('');
  });

  it('into a handle made by run() in the same tick (its stdin is kept open for the pipe)', async () => {
    const result = await run('echo hello').pipe(run('tr a-z A-Z'));
    expect(result.stdout).toBe('HELLO');
  });

  it('a command that stops reading ends the pipeline; the writer cut off is not a failure under throwOnError', async () => {
    const result = await run('yes').pipe('head -n 2', { throwOnError: true });
    expect(result.stdout).toBe('y\ny');
    expect(result.pipedFrom?.[0]?.ok).toBe(false);
  });

  it('a timed-out pipeline leaves no process: every command and what it started is killed', async () => {
    const first = exec('sleep 100 & echo $! >&2; sleep 100');
    const pipeline = first.pipe('sh -c "sleep 100 & echo $! >&2; cat"', { timeout: 500 });
    const result = await pipeline;
    expect(result).toMatchObject({ kind: 'timeout' });
    expect(result.pipedFrom?.[0]).toMatchObject({ kind: 'timeout' });
    const pids = [
      result.pid!,
      result.pipedFrom![0]!.pid!,
      ...[result.pipedFrom![0]!.stderr, result.stderr].join('\n').split('\n').filter(Boolean).map(Number),
    ];
    leftovers.push(...pids);
    expect(pids).toHaveLength(4);
    expect(await waitUntil(() => pids.every((pid) => !isAlive(pid)))).toBe(true);
  });

  it('kill() on the pipeline reaches every command', async () => {
    const pipeline = exec('sleep 100').pipe('cat');
    expect(pipeline.kill()).toBe(true);
    const result = await pipeline;
    expect(result.kind).toBe('signal');
    expect(result.pipedFrom?.[0]?.kind).toBe('signal');
  });

  it('a source that cannot start gives the next command an empty input, as in a shell', async () => {
    const result = await run('saferun-no-such-command').pipe('wc -c');
    expect(result).toMatchObject({ ok: true, stdout: '0' });
    expect(result.pipedFrom?.[0]?.kind).toBe('spawn-error');
    const unopened = await run('cat', { inputFile: '/saferun-no-such-file' }).pipe('wc -c');
    expect(unopened).toMatchObject({ ok: true, stdout: '0' });
    expect(unopened.pipedFrom?.[0]?.kind).toBe('spawn-error');
  });

  it('refused: a source whose stdout is not a pipe, or a destination whose stdin is taken', async () => {
    const notPiped = await run('echo x', { stdout: 'ignore' }).pipe('cat');
    expect(notPiped.kind).toBe('invalid-options');
    expect(notPiped.message).toMatch(/piped from to have `stdout: 'pipe'`/);
    const taken = await run('echo x').pipe('cat', { input: 'other' });
    expect(taken.kind).toBe('invalid-options');
    expect(taken.message).toMatch(/stdin free/);
    const bad = await run('echo x').pipe(42 as never);
    expect(bad.message).toBe(
      'Expected `destination` to be a command string, a template or a handle, got `42` (number)',
    );
  });
});

describe('all: stdout and stderr interleaved', () => {
  it('keeps the arrival order of interleaved writes', async () => {
    const ack = () => child.stdin!.write('\n');
    const child: Subprocess = spawn(node, ['fixtures/process/interleave.mjs', '8'], {
      all: true,
      onStdout: ack,
      onStderr: ack,
    });
    const result = await child;
    expect(result.all).toBe('out 1\nerr 2\nout 3\nerr 4\nout 5\nerr 6\nout 7\nerr 8');
    expect(result.stdout).toBe('out 1\nout 3\nout 5\nout 7');
    expect(result.stderr).toBe('err 2\nerr 4\nerr 6\nerr 8');
  });

  it('absent unless asked for; a Buffer with encoding: buffer', async () => {
    expect((await exec('echo a; echo b >&2')).all).toBeUndefined();
    const buffered = await exec('echo a', { all: true, encoding: 'buffer' });
    expect(Buffer.isBuffer(buffered.all)).toBe(true);
  });
});

describe('stdin, stdout and stderr targets', () => {
  it('{ file }: stdin read from a file, stdout written (or appended) to one, stderr too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.txt'), 'from a file\n');
    const result = await run('sh -c "cat; echo oops >&2"', {
      stdin: { file: join(dir, 'in.txt') },
      stdout: { file: join(dir, 'out.txt') },
      stderr: { file: new URL(`file://${join(dir, 'err.txt')}`) },
    });
    expect(result).toMatchObject({ ok: true, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('from a file\n');
    expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('oops\n');
    await run('echo again', { stdout: { file: join(dir, 'out.txt'), append: true } });
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('from a file\nagain\n');
  });

  it('inputFile is stdin from a file; a missing one is a spawn-error naming it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.txt'), 'input file');
    expect((await run('cat', { inputFile: join(dir, 'in.txt') })).stdout).toBe('input file');
    const missing = await run('cat', { inputFile: join(dir, 'missing.txt') });
    expect(missing).toMatchObject({ kind: 'spawn-error', error: { code: 'ENOENT' } });
    expect(missing.message).toBe(`Cannot open \`${join(dir, 'missing.txt')}\` as the child's stdin (ENOENT)`);
  });

  it('a stream: stdin from a Readable, stdout into a Writable (left open for its owner)', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const result = await run('tr a-z A-Z', { stdin: Readable.from(['streamed ', 'input']), stdout: sink });
    expect(result).toMatchObject({ ok: true, stdout: '' });
    expect(Buffer.concat(chunks).toString()).toBe('STREAMED INPUT');
    expect(sink.writableEnded).toBe(false);
  });

  it('a file descriptor', async () => {
    const dir = tempDir();
    const fd = openSync(join(dir, 'fd.txt'), 'w');
    await execFile('echo', ['through a descriptor'], { stdout: fd });
    closeSync(fd);
    expect(readFileSync(join(dir, 'fd.txt'), 'utf8')).toBe('through a descriptor\n');
  });
});
