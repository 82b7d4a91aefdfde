// cgroup accounting for a judge that is not root: the cgroups it starts in are delegated to it
// (owned by its user), as systemd's Delegate=yes does; it creates each run's cgroup below them.
import { randomUUID } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { layoutDirs } from '../../src/judge/executor/cgroup/choose-layout.js';
import { probeCgroups } from '../../src/judge/executor/cgroup/probe-cgroups.js';
import { ensureLimitHelper } from '../../src/judge/executor/helper-binary.js';
import { waitUntil } from '../helpers/processes.js';
import { describeEachSandbox, describeWith, needs } from '../helpers/requirements.js';
import { CACHE_DIR, compileFixtures, judgeElsewhere, NOBODY, processesWith } from './helpers.js';

let bin: Record<string, string>;
const delegated: string[] = [];
beforeAll(async () => {
  bin = await compileFixtures([
    'adversarial/fork-bomb.cpp',
    'adversarial/sigchld-ignore.cpp',
    'adversarial/ignore-sigterm.cpp',
    'adversarial/leave-charge.cpp',
    'adversarial/big-vector.cpp',
  ]);
  await ensureLimitHelper(CACHE_DIR);
  const choice = await probeCgroups();
  if (!('layout' in choice)) return;
  // One delegated cgroup under each of this process's own, owned by nobody, as systemd delegates one:
  // the dir, and (v2 checks them to move a process between its cgroups) its procs and control files.
  for (const { dir } of layoutDirs(choice.layout)) {
    const mine = join(dir, `saferun-${process.pid}-delegated`);
    mkdirSync(mine);
    for (const file of ['', 'cgroup.procs', 'cgroup.threads', 'cgroup.subtree_control'])
      if (existsSync(join(mine, file))) chownSync(join(mine, file), 65534, 65534);
    delegated.push(mine);
  }
});
afterAll(async () => {
  for (const dir of delegated.reverse()) {
    await waitUntil(() => readdirSync(dir).every((name) => !name.startsWith('saferun-')));
    rmdirSync(dir);
  }
});

describeWith([needs.root(), needs.cgroups(), needs.setpriv()], 'cgroup accounting without root', () => {
  describeEachSandbox('in cgroups delegated to nobody', (sandbox) => {
    const run = (name: string, args: string[], options: Record<string, unknown>) =>
      judgeElsewhere(
        { file: bin[`adversarial/${name}.cpp`]!, args, options: { sandbox, cacheDir: CACHE_DIR, ...options } },
        { as: NOBODY, cgroups: delegated.map((dir) => join(dir, 'cgroup.procs')) },
      );

    it('pids.max bounds a fork bomb; nothing is left running', async () => {
      const marker = `saferun-marker-${randomUUID()}`;
      const result = await run('fork-bomb', [marker], { processLimit: 16, timeLimitMs: 500, accounting: 'cgroup' });
      expect(result).toMatchObject({ accounting: 'cgroup' });
      expect(result.kind).toMatch(/^(time-limit|wall-time-limit)$/);
      expect(processesWith(marker)).toEqual([]);
    });

    it('counts the CPU time of workers the kernel reaps', async () => {
      const options = { input: '4 600', timeLimitMs: 1000, wallTimeLimitMs: 60_000, accounting: 'cgroup' };
      const result = await run('sigchld-ignore', [], options);
      expect(result).toMatchObject({ kind: 'time-limit', accounting: 'cgroup' });
      expect(result.cpuMs).toBeGreaterThanOrEqual(1000);
    });

    it("a run's cgroup passes on neither its OOM kill, its peak, nor memory it left charged", async () => {
      const judgeTests = (name: string, inputs: string[]) =>
        judgeElsewhere(
          {
            judge: {
              binary: bin[`adversarial/${name}.cpp`]!,
              tests: inputs.map((input) => ({ input, expected: '3' })),
              ...{ sandbox, cacheDir: CACHE_DIR, accounting: 'cgroup', jobs: 1, stopOnFirstFailure: false },
              ...{ memoryLimitMb: 64, timeLimitMs: 20_000, wallTimeLimitMs: 60_000 },
            },
          },
          { as: NOBODY, cgroups: delegated.map((dir) => join(dir, 'cgroup.procs')) },
        );
      type Tests = { tests: { verdict: string; memoryKb: number }[] };
      const oom = (await judgeTests('big-vector', ['100', '1', '1', '1'])) as unknown as Tests;
      expect(oom.tests.map((test) => test.verdict)).toEqual(['MLE', 'AC', 'AC', 'AC']);
      const left = (await judgeTests('leave-charge', ['150000', '0', '0', '0'])) as unknown as Tests;
      expect(left.tests.map((test) => test.verdict)).toEqual(['AC', 'AC', 'AC', 'AC']);
      expect(left.tests[0]!.memoryKb).toBeGreaterThan(8 * 1024);
      for (const test of left.tests.slice(1)) expect(test.memoryKb).toBeLessThan(8 * 1024);
    });
  });

  it('without namespaces, the kill of the cgroup reaches a child that left the session', async () => {
    const marker = `saferun-marker-${randomUUID()}`;
    const options = { sandbox: 'none', cacheDir: CACHE_DIR, wallTimeLimitMs: 1000, accounting: 'cgroup' };
    const result = await judgeElsewhere(
      { file: bin['adversarial/ignore-sigterm.cpp']!, args: [marker], options },
      { as: NOBODY, cgroups: delegated.map((dir) => join(dir, 'cgroup.procs')), env: { SAFERUN_NAMESPACES: '0' } },
    );
    expect(result).toMatchObject({ kind: 'wall-time-limit', stdout: 'ready\n', accounting: 'cgroup' });
    expect(processesWith(marker)).toEqual([]);
  });

  it("without delegated cgroups, 'cgroup' accounting is an IE that says why, and 'auto' falls back to rlimits", async () => {
    const options = { sandbox: 'none', cacheDir: CACHE_DIR };
    const required = await judgeElsewhere(
      { file: '/bin/true', options: { ...options, accounting: 'cgroup' } },
      { as: NOBODY },
    );
    expect(required).toMatchObject({ kind: 'internal-error', accounting: 'rlimit' });
    expect(required.message).toMatch(/^accounting 'cgroup' was required, but cgroup v\d .*\(EACCES\)/);
    const auto = await judgeElsewhere({ file: '/bin/true', options }, { as: NOBODY });
    expect(auto).toMatchObject({ kind: 'ok', accounting: 'rlimit' });
  });
});
