// The three tools as users run them: the bin shims, real processes, real pipes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { execFile } from '../../src/process/index.js';
import { needs, describeWith } from '../helpers/requirements.js';

const root = new URL('../../', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string }).version;
const env = { SAFERUN_CACHE_DIR: `${root}node_modules/.cache/saferun-test` };

function tool(name: string, args: string[]) {
  return execFile(process.execPath, [`${root}bin/${name}.js`, ...args], { cwd: root, env, timeout: 120_000 });
}

/**
 * Starts a tool with stdout on a pipe, reads its first line, then closes the pipe as `| head -1`
 * does: the tool's later writes fail with EPIPE. Resolves to its exit code and stderr.
 */
function firstLineThenClose(
  name: string,
  args: string[],
): Promise<{ line: string; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${root}bin/${name}.js`, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let line = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (first) => {
      line = first;
      lines.close();
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ line, code, stderr }));
  });
}

describe.each(['compile-check', 'judge', 'judge-worker'])('%s', (name) => {
  it('prints `NAME VERSION` for --version and usage for --help, exit 0', async () => {
    expect(await tool(name, ['--version'])).toMatchObject({ exitCode: 0, stdout: `${name} ${version}`, stderr: '' });
    const help = await tool(name, ['--help']);
    expect(help).toMatchObject({ exitCode: 0, stderr: '' });
    expect(help.stdout).toMatch(new RegExp(`^Usage: ${name} `));
  });

  it('refuses an unknown option in one line and a hint, exit 2, no stack trace', async () => {
    const result = await tool(name, ['--no-such-option']);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toBe(`${name}: Unknown option '--no-such-option'\nRun '${name} --help' for the options.`);
  });
});

describe('durations and sizes need a unit; absurd limits are usage errors', () => {
  it.each([
    ['judge', ['a.cpp', 'tests', '--time-limit', '30'], "judge: --time-limit needs a unit: 30s or 30ms, got '30'"],
    [
      'judge',
      ['a.cpp', 'tests', '--time-limit', '0.0001s'],
      "judge: --time-limit must be from 1ms to 1440m, got '0.0001s'",
    ],
    [
      'judge',
      ['a.cpp', 'tests', '--memory-limit', '256'],
      "judge: --memory-limit needs a unit: 256m (MiB) or 256k (KiB), got '256'",
    ],
    [
      'judge',
      ['a.cpp', 'tests', '--std', 'c++99x'],
      "judge: --std needs a language standard such as c++17 or gnu++20, got 'c++99x'",
    ],
    ['compile-check', ['a.cpp', '--timeout', '30'], "compile-check: --timeout needs a unit: 30s or 30ms, got '30'"],
    [
      'compile-check',
      ['a.cpp', '--memory-limit', '2048'],
      "compile-check: --memory-limit needs a unit: 2048m (MiB) or 2048k (KiB), got '2048'",
    ],
    ['judge-worker', ['--grace', '30'], "judge-worker: --grace needs a unit: 30s or 30ms, got '30'"],
  ])('%s %j', async (name, args, message) => {
    const result = await tool(name, args);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toBe(`${message}\nRun '${name} --help' for the options.`);
  });
});

describeWith([needs.gpp()], 'a reader that goes away (`| head -1`)', () => {
  it('judge ends quietly with its own exit code', async () => {
    // Each test sleeps past a 100 ms limit, so later lines are written after the pipe is closed.
    const run = await firstLineThenClose('judge', [
      'fixtures/judge/aplusb/tle-sleep.cpp',
      'fixtures/judge/aplusb/tests',
      '--time-limit',
      '100ms',
      '--wall-time-limit',
      '200ms',
      '--all',
      '--sandbox',
      'none',
    ]);
    expect(run.line).toMatch(/^#1 TLE/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  }, 120_000);

  it('compile-check ends quietly with its own exit code', async () => {
    const run = await firstLineThenClose('compile-check', [
      '--no-cache',
      'fixtures/compile/hello world.cpp',
      'fixtures/compile/contest/01-dijkstra.cpp',
      'fixtures/compile/contest/04-lcs.cpp',
      '-j',
      '1',
    ]);
    expect(run.line).toMatch(/^PASS fixtures\/compile\/hello world\.cpp/);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 120_000);
});
