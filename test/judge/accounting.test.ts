import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { judge, runLimited, type RunLimitedOptions } from '../../src/judge/index.js';
import { probeCgroups } from '../../src/judge/executor/cgroup/probe-cgroups.js';
import { describeEachSandbox, describeWith, itWith, needs } from '../helpers/requirements.js';
import { CACHE_DIR, compileFixtures, fixture } from './helpers.js';

const NAMES = [
  'sigchld-ignore',
  'threads-burn',
  'fork-memory',
  'big-vector',
  'sysv-ipc',
  'leave-charge',
  'memfd-hoard',
];
let bin: Record<string, string>;
beforeAll(async () => {
  bin = await compileFixtures(NAMES.map((name) => `adversarial/${name}.cpp`));
});
const MB = 1024;

function run(name: string, input: string, options: RunLimitedOptions) {
  return runLimited(bin[`adversarial/${name}.cpp`]!, [], { cacheDir: CACHE_DIR, input, ...options });
}

describeWith([needs.cgroups()], 'cgroup accounting', () => {
  describeEachSandbox('a cgroup per run', (sandbox) => {
    const base = { sandbox, accounting: 'cgroup' } as const;

    it('counts the CPU time of workers the kernel reaps (SIGCHLD ignored): TLE', async () => {
      const r = await run('sigchld-ignore', '4 600', { ...base, timeLimitMs: 1000, wallTimeLimitMs: 60_000 });
      expect(r).toMatchObject({ kind: 'time-limit', accounting: 'cgroup' });
      expect(r.cpuMs).toBeGreaterThanOrEqual(1000);
    });

    it("sums a forking program's memory over its processes, and kills at the limit: MLE", async () => {
      const fits = await run('fork-memory', '4 40', { ...base, memoryLimitMb: 256, timeLimitMs: 10_000 });
      expect(fits).toMatchObject({ kind: 'ok', stdout: '3\n' });
      expect(fits.memoryKb).toBeGreaterThanOrEqual(160 * MB);
      const over = await run('fork-memory', '4 40', { ...base, memoryLimitMb: 128, timeLimitMs: 10_000 });
      expect(over).toMatchObject({ kind: 'memory-limit', message: 'memory limit of 128 MB exceeded' });
    });

    it('counts System V shared memory in the memory: MLE', async () => {
      const r = await run('sysv-ipc', 'leave 100', { ...base, memoryLimitMb: 64, timeLimitMs: 10_000 });
      expect(r.kind).toBe('memory-limit');
    });

    it('counts memory files the program never maps (memfd_create): MLE', async () => {
      const r = await run('memfd-hoard', '128', { ...base, memoryLimitMb: 64, timeLimitMs: 10_000 });
      expect(r.kind).toBe('memory-limit');
    });

    it("a finished run's cgroup serves the next run: two or three cgroups for forty runs", async () => {
      const choice = await probeCgroups();
      if (!('layout' in choice)) throw new Error(choice.reason);
      const { dir } = choice.layout.memory;
      const mine = new RegExp(`^saferun-${process.pid}-`);
      // A run's cgroup holds its proxy from before the run starts: polled while the tests run, each is
      // seen. Named saferun-PID-SESSION-N: the warm sessions earlier tests left may show theirs too.
      const seen = new Map<string, Set<string>>();
      const judged = new AbortController();
      const watching = (async () => {
        while (!judged.signal.aborted) {
          for (const name of readdirSync(dir).filter((entry) => mine.test(entry))) {
            try {
              if (readFileSync(join(dir, name, 'cgroup.procs'), 'utf8').trim() === '') continue;
            } catch {
              continue; // removed meanwhile
            }
            const session = name.slice(0, name.lastIndexOf('-'));
            seen.set(session, (seen.get(session) ?? new Set()).add(name));
          }
          // A millisecond between looks: each run's cgroup holds a process for longer than that.
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      const report = await judge({
        binary: bin['adversarial/big-vector.cpp']!,
        tests: Array.from({ length: 40 }, () => ({ input: '1', expected: '3' })),
        ...base,
        jobs: 1,
        cacheDir: CACHE_DIR,
      });
      judged.abort();
      await watching;
      expect(report).toMatchObject({ verdict: 'AC', passed: 40 });
      // Made anew for each run, the judge's session would show forty. Two alternate; a third comes when
      // the first run's cannot serve again (what it read first, e.g. bwrap's libraries, stays charged to it).
      const perSession = [...seen.values()].map((names) => names.size);
      expect(perSession.length).toBeGreaterThanOrEqual(1);
      expect(Math.max(...perSession), JSON.stringify([...seen].map(([k, v]) => [k, [...v]]))).toBeLessThanOrEqual(3);
    });

    // Each sequence runs in one warm session (one program, runs back to back), whose two cgroups alternate.
    it("a reused cgroup measures each run on its own: peak, OOM kills and CPU time are the run's", async () => {
      const limits = { ...base, memoryLimitMb: 64, timeLimitMs: 10_000 };
      expect(await run('big-vector', '100', limits)).toMatchObject({ kind: 'memory-limit' });
      for (let i = 0; i < 3; i++) {
        const small = await run('big-vector', '1', limits);
        expect(small).toMatchObject({ kind: 'ok', stdout: '3\n' });
        expect(small.memoryKb).toBeLessThan(16 * MB);
      }
      // Under what may stay charged for reuse: a 3 MB peak, then none.
      expect(await run('big-vector', '3', limits)).toMatchObject({ kind: 'ok', stdout: '3\n' });
      for (let i = 0; i < 3; i++) expect((await run('big-vector', '0', limits)).memoryKb).toBeLessThan(2 * MB);
      expect(await run('threads-burn', '1 400', limits)).toMatchObject({ kind: 'ok', stdout: '3\n' });
      for (let i = 0; i < 3; i++) {
        const idle = await run('threads-burn', '1 0', limits);
        expect(idle).toMatchObject({ kind: 'ok', stdout: '3\n' });
        expect(idle.cpuMs).toBeLessThan(200);
      }
    });

    it('lowers and raises the memory limit from run to run of one session (v1: memory+swap first when raising)', async () => {
      for (const memoryLimitMb of [64, 4, 2, 3, 64, 2, 128]) {
        const r = await run('big-vector', '0', { ...base, memoryLimitMb, timeLimitMs: 10_000 });
        expect(r, `at ${memoryLimitMb} MB`).toMatchObject({ kind: 'ok', stdout: '3\n', accounting: 'cgroup' });
      }
    });

    it('a run that leaves memory charged to its cgroup (negative dentries) does not pass it on', async () => {
      const limits = { ...base, memoryLimitMb: 64, timeLimitMs: 20_000, wallTimeLimitMs: 60_000 };
      const leaver = await run('leave-charge', '150000', limits);
      expect(leaver).toMatchObject({ kind: 'ok', stdout: '3\n' });
      expect(leaver.memoryKb).toBeGreaterThan(8 * MB); // what it left charged
      for (let i = 0; i < 3; i++) {
        const next = await run('leave-charge', '0', limits);
        expect(next).toMatchObject({ kind: 'ok', stdout: '3\n' });
        expect(next.memoryKb).toBeLessThan(8 * MB);
      }
    });

    itWith([needs.java()], 'starts a JVM and Node with their threads under 256 MB', async () => {
      const classes = mkdtempSync(join(tmpdir(), 'saferun-java-'));
      chmodSync(classes, 0o755); // the program runs under a uid of its own
      execFileSync('javac', ['-d', classes, fixture('threads/Threads.java')]);
      const limits = { ...base, cacheDir: CACHE_DIR, memoryLimitMb: 256, timeLimitMs: 10_000 };
      const java = await runLimited('java', ['-cp', classes, 'Threads'], { ...limits, readOnlyPaths: [classes] });
      expect(java).toMatchObject({ kind: 'ok', stdout: '3\n' });
      const script = fixture('threads/workers.cjs');
      const node = await runLimited('node', [script], { ...limits, readOnlyPaths: [script] });
      expect(node).toMatchObject({ kind: 'ok', stdout: '3\n' });
      rmSync(classes, { recursive: true, force: true });
    });
  });

  it('also reads cgroup v2 CPU time (cpu.stat of the unified hierarchy, where this machine has one)', async () => {
    const choice = await probeCgroups();
    if (!('layout' in choice) || choice.layout.kill?.version !== 2) return;
    const { LimitSession } = await import('../../src/judge/executor/session.js');
    const { cgroupBackend } = await import('../../src/judge/executor/cgroup-backend.js');
    const { ensureLimitHelper } = await import('../../src/judge/executor/helper-binary.js');
    const { normalizeLimits } = await import('../../src/judge/limits.js');
    const layout = { ...choice.layout, cpu: choice.layout.kill };
    const session = await LimitSession.open({
      helper: await ensureLimitHelper(CACHE_DIR),
      program: bin['adversarial/sigchld-ignore.cpp']!,
      sandbox: { kind: 'none' },
      backend: cgroupBackend(layout),
      inputDirs: [],
    });
    try {
      const limits = normalizeLimits({ timeLimitMs: 1000, wallTimeLimitMs: 60_000 });
      const r = await session.run({ limits, input: '4 600' });
      expect(r).toMatchObject({ kind: 'time-limit', accounting: 'cgroup' });
      expect(r.cpuMs).toBeGreaterThanOrEqual(1000);
    } finally {
      await session.close();
    }
  });

  it("leaves no run cgroup behind, and never changes its parents' limits", async () => {
    const choice = await probeCgroups();
    if (!('layout' in choice)) throw new Error(choice.reason);
    const { memory, pids } = choice.layout;
    // A root cgroup has no limit files: read what there is.
    const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : 'none');
    const parentLimits = () => [
      read(join(memory.dir, memory.version === 1 ? 'memory.limit_in_bytes' : 'memory.max')),
      read(join(pids.dir, 'pids.max')),
    ];
    const limitsBefore = parentLimits();
    const report = await judge({
      binary: bin['adversarial/threads-burn.cpp']!,
      tests: [
        { input: '2 10', expected: '3' },
        { input: '2 10', expected: '3' },
      ],
      accounting: 'cgroup',
      memoryLimitMb: 32,
      processLimit: 8,
      cacheDir: CACHE_DIR,
    });
    expect(report).toMatchObject({ verdict: 'AC', accounting: 'cgroup' });
    const mine = new RegExp(`^saferun-${process.pid}-`);
    for (const { dir } of [choice.layout.memory, choice.layout.pids, choice.layout.cpu])
      expect(readdirSync(dir).filter((name) => mine.test(name))).toEqual([]);
    expect(parentLimits()).toEqual(limitsBefore);
  });
});

describeEachSandbox('either accounting', (sandbox) => {
  for (const accounting of ['cgroup', 'rlimit'] as const) {
    const requirements = accounting === 'cgroup' ? [needs.cgroups()] : [];
    const base = { sandbox, accounting };

    itWith(requirements, `${accounting}: four threads burning CPU are TLE on their total`, async () => {
      const r = await run('threads-burn', '4 600', { ...base, timeLimitMs: 1000, wallTimeLimitMs: 60_000 });
      expect(r.kind).toBe('time-limit');
      expect(r.cpuMs).toBeGreaterThanOrEqual(1000);
    });

    itWith(requirements, `${accounting}: threads start under the default limits`, async () => {
      const r = await run('threads-burn', '4 10', { ...base, timeLimitMs: 10_000 });
      expect(r).toMatchObject({ kind: 'ok', stdout: '3\n', accounting });
    });

    itWith(requirements, `${accounting}: a 536 MB vector under a 1024 MB limit is not MLE`, async () => {
      const r = await run('big-vector', '536', { ...base, memoryLimitMb: 1024, timeLimitMs: 20_000 });
      expect(r).toMatchObject({ kind: 'ok', stdout: '3\n' });
      expect(r.memoryKb).toBeGreaterThanOrEqual(536 * MB);
    });
  }

  it("rlimit: a forking program's memory is its largest process's (why cgroups are used)", async () => {
    const r = await run('fork-memory', '4 40', {
      sandbox,
      accounting: 'rlimit',
      memoryLimitMb: 128,
      timeLimitMs: 10_000,
    });
    expect(r).toMatchObject({ kind: 'ok', accounting: 'rlimit' });
    expect(r.memoryKb).toBeLessThan(80 * MB);
  });

  it('rlimit: memory files the program never maps are not seen (why cgroups are used)', async () => {
    const r = await run('memfd-hoard', '128', {
      sandbox,
      accounting: 'rlimit',
      memoryLimitMb: 64,
      timeLimitMs: 10_000,
    });
    expect(r).toMatchObject({ kind: 'ok', stdout: '3\n', accounting: 'rlimit' });
    expect(r.memoryKb).toBeLessThan(64 * MB);
  });

  it('rlimit: the CPU time of workers the kernel reaps is not seen (why cgroups are used)', async () => {
    const r = await run('sigchld-ignore', '2 300', { sandbox, accounting: 'rlimit', timeLimitMs: 10_000 });
    expect(r).toMatchObject({ kind: 'ok', accounting: 'rlimit' });
    expect(r.cpuMs).toBeLessThan(300);
  });
});

describe('accounting option', () => {
  it('refuses an unknown mode, naming the option', async () => {
    const r = await runLimited('true', [], { accounting: 'docker' as never });
    expect(r.message).toBe("Expected `accounting` to be 'auto', 'cgroup' or 'rlimit', got `\"docker\"` (string)");
  });
});
