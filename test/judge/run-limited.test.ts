import { chmodSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLimited } from '../../src/judge/index.js';
import { describeEachSandbox, itWith, needs } from '../helpers/requirements.js';
import { CACHE_DIR, compileFixtures } from './helpers.js';

let bin: Record<string, string>;
beforeAll(async () => {
  bin = await compileFixtures(['measure/burn.cpp', 'measure/echo-env.cpp']);
});

const MB = 1024;

describeEachSandbox('runLimited', (sandbox) => {
  const base = { sandbox, cacheDir: CACHE_DIR };

  it('measures CPU time and peak memory of a run that ends by itself', async () => {
    const r = await runLimited(bin['measure/burn.cpp']!, [], { ...base, input: '300 40', timeLimitMs: 5000 });
    expect(r).toMatchObject({
      ok: true,
      kind: 'ok',
      exitCode: 0,
      signal: null,
      sandbox,
      stdout: 'done 1\n',
      outputBytes: 7,
    });
    expect(r.cpuMs).toBeGreaterThanOrEqual(290);
    expect(r.wallMs).toBeGreaterThanOrEqual(r.cpuMs - 5);
    expect(r.memoryKb).toBeGreaterThanOrEqual(40 * MB);
    expect(r.memoryKb).toBeLessThan(50 * MB);
  });

  it('kills at the CPU limit, reports time-limit, and still measures', async () => {
    const r = await runLimited(bin['measure/burn.cpp']!, [], {
      ...base,
      input: '20000 30',
      timeLimitMs: 300,
      wallTimeLimitMs: 60_000,
    });
    expect(r).toMatchObject({ ok: false, kind: 'time-limit', signal: 'SIGKILL', exitCode: null });
    expect(r.cpuMs).toBeGreaterThanOrEqual(300);
    expect(r.memoryKb).toBeGreaterThanOrEqual(30 * MB);
    expect(r.message).toBe('CPU time limit of 300 ms exceeded');
  });

  it('kills a sleeper at the wall limit, with little CPU time', async () => {
    const r = await runLimited('sleep', ['30'], { ...base, timeLimitMs: 1000, wallTimeLimitMs: 200 });
    expect(r).toMatchObject({ kind: 'wall-time-limit', signal: 'SIGKILL' });
    expect(r.wallMs).toBeGreaterThanOrEqual(200);
    // Relative to the run, never an absolute bound on a duration: a sleeper spends most of its wall time off the CPU.
    expect(r.cpuMs).toBeLessThan(r.wallMs / 2);
  });

  it('feeds input from a file, runs in its own writable dir, and reports the exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferun-input-'));
    writeFileSync(join(dir, 'in.txt'), '7\n');
    const r = await runLimited(bin['measure/echo-env.cpp']!, ['arg one'], { ...base, inputFile: join(dir, 'in.txt') });
    expect(r).toMatchObject({ kind: 'exit', exitCode: 7, signal: null, message: 'exit code 7' });
    const [cwd, home, arg] = r.stdout.split('\n');
    expect(home).toBe(cwd);
    expect(cwd).toMatch(/work$/);
    expect(arg).toBe('arg one');
  });

  it('runs a script by its path (exec from a descriptor cannot: its interpreter opens it by path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saferun-script-'));
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'hello.sh'), '#!/bin/sh\necho "hello $1"\n', { mode: 0o755 });
    const r = await runLimited(join(dir, 'hello.sh'), ['there'], base);
    expect(r).toMatchObject({ kind: 'ok', stdout: 'hello there\n' });
  });

  it('the program is a choice of the OOM killer like any (its proxy, in its cgroup, is the last)', async () => {
    const r = await runLimited('cat', ['/proc/self/oom_score_adj'], base);
    expect(r).toMatchObject({ kind: 'ok', stdout: '0\n' });
  });

  it('passes the program output through, and reads a program from PATH', async () => {
    const r = await runLimited('cat', [], { ...base, input: 'line 1\nline 2\n' });
    expect(r).toMatchObject({ ok: true, stdout: 'line 1\nline 2\n', stderr: '' });
  });

  it('reports a missing program as an internal error, not as the program failing', async () => {
    const r = await runLimited('/nonexistent/program', [], base);
    expect(r.kind).toBe('internal-error');
    expect(r.message).toMatch(/ENOENT/);
  });
});

describe('runLimited options', () => {
  it('refuses invalid limits with a message naming the option', async () => {
    const r = await runLimited('true', [], { timeLimitMs: -1 });
    expect(r).toMatchObject({
      kind: 'internal-error',
      message: 'Expected `timeLimitMs` to be a positive number (ms), got `-1` (number)',
    });
    const s = await runLimited('true', [], { sandbox: 'docker' as never });
    expect(s.message).toBe("Expected `sandbox` to be 'auto', 'bwrap' or 'none', got `\"docker\"` (string)");
  });

  itWith([needs.root(), needs.bwrap()], "as root, processLimit counts only the run's own processes", async () => {
    const script = ['-c', '/bin/true && echo forked'];
    for (const sandbox of ['bwrap', 'none'] as const) {
      const one = await runLimited('sh', script, { cacheDir: CACHE_DIR, sandbox, processLimit: 1 });
      expect(one.stdout).not.toContain('forked');
      expect(one.kind).toBe('exit');
      const two = await runLimited('sh', script, { cacheDir: CACHE_DIR, sandbox, processLimit: 2 });
      expect(two).toMatchObject({ kind: 'ok', stdout: 'forked\n' });
    }
  });

  it('sets the stack limit; RLIMIT_AS only without cgroups, with room for thread stacks', async () => {
    const limits = { cacheDir: CACHE_DIR, memoryLimitMb: 128, stackLimitMb: 64 };
    const rlimit = await runLimited('sh', ['-c', 'ulimit -s; ulimit -v'], { ...limits, accounting: 'rlimit' });
    expect(rlimit).toMatchObject({ accounting: 'rlimit', stdout: `${64 * 1024}\n${(128 + 8 * 64) * 1024}\n` });
    const cgroup = await runLimited('sh', ['-c', 'ulimit -s; ulimit -v'], { ...limits, accounting: 'auto' });
    if (cgroup.accounting === 'cgroup') expect(cgroup.stdout).toBe(`${64 * 1024}\nunlimited\n`);
  });
});
