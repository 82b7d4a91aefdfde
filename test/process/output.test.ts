import { describe, expect, it } from 'vitest';
import { exec, execFile, run } from '../../src/process/index.js';
import { isAlive } from '../helpers/processes.js';

describe('output', () => {
  it('200,000 multi-byte characters split across chunks decode intact, in the result and in line callbacks', async () => {
    const expected = '€😀é'.repeat(200000 / 3 + 1).slice(0, 200000);
    const lines: string[] = [];
    const result = await execFile(process.execPath, ['fixtures/process/unicode-chunks.mjs', '200000'], {
      onStdout: (line) => lines.push(line),
    });
    expect(result.ok).toBe(true);
    expect(result.stdout.length).toBe(expected.length);
    expect(result.stdout).toBe(expected);
    expect(lines.join('')).toBe(expected);
    expect(result.stdout).not.toContain('\uFFFD');
  });

  it('1 GB of output with the default maxBuffer: output-limit, 64 MiB kept, memory bounded, child gone', async () => {
    const before = process.memoryUsage().rss;
    const result = await exec('head -c 1073741824 /dev/zero', { encoding: 'buffer' });
    const grown = process.memoryUsage().rss - before;
    expect(result).toMatchObject({ ok: false, kind: 'output-limit', signal: 'SIGTERM' });
    expect(result.stdout.length).toBe(64 * 1024 * 1024);
    expect(grown).toBeLessThan(512 * 1024 * 1024);
    expect(isAlive(result.pid!)).toBe(false);
  });

  it('a maxBuffer on stderr ends the run too, keeping what fits', async () => {
    const result = await exec('yes error >&2', { maxBuffer: 4096 });
    expect(result.kind).toBe('output-limit');
    expect(result.stderr.length).toBe(4096);
    expect(result.stderr.startsWith('error\nerror\n')).toBe(true);
  });

  it('a child that exits without reading 8 MB of input does not crash the parent (EPIPE)', async () => {
    const input = Buffer.alloc(8 * 1024 * 1024, 'x');
    expect(await run('true', { input })).toMatchObject({ ok: true, kind: 'ok' });
    expect(await exec('head -c 10', { input })).toMatchObject({ ok: true, stdout: 'xxxxxxxxxx' });
    expect(await exec('exit 5', { input })).toMatchObject({ kind: 'exit', exitCode: 5 });
  });
});
