// Benchmark of the judge: `npm run bench:judge`.
// 1. Overhead of one limited, measured run of a trivial program against a raw spawn, with cgroup and
//    with rlimit accounting, in both sandbox modes. SAFERUN_BENCH_BASELINE=path/to/older/dist/judge/index.js
//    times an older build's runLimited in the same run, alternating with this one.
// 2. The cost of creating and removing one run's cgroups (what the helper does for each run).
// 3. A 200-test problem: judge() against a shell loop with `timeout` and `cmp` per test.
// 4. Accuracy: CPU time of a 500 ms burner against GNU time; peak memory of a 100 MB allocation.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from '../dist/compile/index.js';
import { execFile } from '../dist/index.js';
import { judge, runLimited } from '../dist/judge/index.js';
import { median } from './median.js';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'saferun-bench-judge-'));
const cacheDir = join(work, 'cache');
const fmt = (ms) => `${ms.toFixed(2)} ms`;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function build(source, name) {
  const result = await compile(join(root, 'fixtures/judge', source), { output: join(work, name), cacheDir });
  if (!result.ok) throw new Error(`${source}: ${result.stderr}`);
  return result.binary;
}

const trivial = join(work, 'trivial.cpp');
writeFileSync(trivial, 'int main() { return 0; }\n');
const trivialBin = (await compile(trivial, { output: join(work, 'trivial'), cacheDir })).binary;
const aplusb = await build('aplusb/ac.cpp', 'aplusb');
const burner = await build('measure/burn.cpp', 'burn');
const probe = await runLimited(trivialBin, [], { cacheDir, sandbox: 'none' });
const cgroups = probe.accounting === 'cgroup';

console.log(
  `saferun judge benchmark: Node ${process.version}, ${availableParallelism()} cores, ${process.getuid?.() === 0 ? 'root' : 'non-root'}, cgroups ${cgroups ? 'on' : 'off'}; load average ${load()}\n`,
);

// 1. Overhead
const rawSpawn = () => new Promise((resolve) => spawn(trivialBin, [], { stdio: 'pipe' }).on('close', resolve));
// The median time of `runs` calls of fn, after `warmup` untimed ones.
async function medianTime(fn, runs, warmup = 0) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}
/** Medians of several functions timed in alternation, so that a change in the machine's load hits all alike. */
async function alternating(fns, runs, warmup = 30) {
  for (const fn of Object.values(fns)) for (let i = 0; i < warmup; i++) await fn();
  const times = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t = performance.now();
      await fn();
      times[name].push(performance.now() - t);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}
const limited = (run, sandbox, accounting) => () => run(trivialBin, [], { sandbox, accounting, cacheDir });
const fns = {
  raw: rawSpawn,
  'none, rlimit': limited(runLimited, 'none', 'rlimit'),
  'none, cgroup': limited(runLimited, 'none', cgroups ? 'cgroup' : 'rlimit'),
  'bwrap, rlimit': limited(runLimited, 'bwrap', 'rlimit'),
  'bwrap, cgroup': limited(runLimited, 'bwrap', cgroups ? 'cgroup' : 'rlimit'),
};
const baselinePath = process.env.SAFERUN_BENCH_BASELINE;
const baseline = baselinePath ? await import(baselinePath) : undefined;
if (baseline) {
  fns['baseline none'] = () => baseline.runLimited(trivialBin, [], { sandbox: 'none', cacheDir });
  fns['baseline bwrap'] = () => baseline.runLimited(trivialBin, [], { sandbox: 'bwrap', cacheDir });
}
const per = await alternating(fns, 200);
const raw = per.raw;
const allowed = Math.max(raw + 2, raw * 1.5);
console.log(`1. One run of a trivial program (median of 200, the rows alternating); load ${load()}`);
for (const [name, ms] of Object.entries(per)) {
  const note =
    name === 'raw'
      ? ''
      : `  ${(ms / raw).toFixed(2)}x raw${ms <= allowed ? '' : `, past the target ${fmt(allowed)}`}` +
        (per['baseline none'] && !name.startsWith('baseline')
          ? `; ${(ms / per[name.startsWith('bwrap') ? 'baseline bwrap' : 'baseline none']).toFixed(2)}x the baseline`
          : '');
  console.log(
    `   ${(name === 'raw' ? 'raw child_process.spawn' : `runLimited, ${name}`).padEnd(32)} ${fmt(ms)}${note}`,
  );
}
// An abort signal gives each run its own helper session: the cost of a cold, single run.
const cold = await alternating(
  {
    none: () => runLimited(trivialBin, [], { sandbox: 'none', cacheDir, signal: new AbortController().signal }),
    bwrap: () => runLimited(trivialBin, [], { sandbox: 'bwrap', cacheDir, signal: new AbortController().signal }),
  },
  50,
  5,
);
console.log(`   cold (a new helper each run): none ${fmt(cold.none)}, bwrap ${fmt(cold.bwrap)}\n`);

// 2. One run's cgroups: create and remove them, as the helper does (memory, pids and cpuacct on v1).
if (cgroups) {
  const lines = readFileSync('/proc/self/cgroup', 'utf8').split('\n');
  const v1 = (name) => lines.find((line) => line.split(':')[1]?.split(',').includes(name))?.split(':')[2];
  const dirs = ['memory', 'pids', 'cpuacct']
    .map((name) => [name, v1(name)])
    .filter(([, path]) => path !== undefined)
    .map(([name, path]) => `/sys/fs/cgroup/${name}${path === '/' ? '' : path}`);
  const v2 = lines.find((line) => line.startsWith('0::'))?.slice(3);
  if (dirs.length === 0 && v2 !== undefined) dirs.push(`/sys/fs/cgroup${v2 === '/' ? '' : v2}`);
  let n = 0;
  const cost = await medianTime(
    () => {
      const name = `saferun-${process.pid}-bench-${n++}`;
      for (const dir of dirs) mkdirSync(join(dir, name));
      for (const dir of dirs) rmdirSync(join(dir, name));
    },
    300,
    20,
  );
  console.log(
    `2. Creating and removing one run's cgroups (${dirs.length} dirs, median of 300): ${fmt(cost)}; load ${load()}\n`,
  );
}

// 3. 200 tests
const tests = join(work, 'tests200');
mkdirSync(tests);
for (let i = 1; i <= 200; i++) {
  const a = (i * 7919) % 1000003;
  const b = (i * 104729) % 999983;
  writeFileSync(join(tests, `${i}.in`), `${a} ${b}\n`);
  writeFileSync(join(tests, `${i}.out`), `${a + b}\n`);
}
const loop = `for f in ${tests}/*.in; do timeout 1 ${aplusb} < "$f" > ${work}/out.txt; cmp -s ${work}/out.txt "\${f%.in}.out" || echo "fail $f"; done`;
const timed = (fn, runs = 3) => medianTime(fn, runs);
const shell = await timed(async () => {
  const r = await execFile('/bin/sh', ['-c', loop]);
  if (!r.ok || r.stdout !== '') throw new Error(`shell loop failed: ${r.stdout}${r.stderr}`);
});
const judged = {};
const rows = [
  ['none, 2 jobs', { sandbox: 'none', jobs: 2 }],
  ['bwrap, 2 jobs', { sandbox: 'bwrap', jobs: 2 }],
  ['none, 1 job', { sandbox: 'none', jobs: 1 }],
  ['none, 2 jobs, rlimit', { sandbox: 'none', jobs: 2, accounting: 'rlimit' }],
];
if (baseline) rows.push(['baseline none, 2 jobs', { sandbox: 'none', jobs: 2, use: baseline.judge }]);
for (const [label, { use = judge, ...options }] of rows) {
  judged[label] = await timed(async () => {
    const report = await use({ binary: aplusb, tests, timeLimitMs: 1000, cacheDir, ...options });
    if (report.verdict !== 'AC' || report.passed !== 200) throw new Error(`judge: ${report.verdict} ${report.message}`);
  });
}
console.log(`3. A+B with 200 tests (median of 3); load ${load()}`);
console.log(`   shell loop (timeout + cmp)        ${fmt(shell)}`);
for (const [label, ms] of Object.entries(judged)) {
  const speedup = shell / ms;
  console.log(
    `   judge(), ${label.padEnd(24)} ${fmt(ms)}  (${speedup.toFixed(2)}x the shell loop${label === 'none, 2 jobs' ? `; target >= 2.5x: ${speedup >= 2.5 ? 'met' : 'MISSED'}` : ''})`,
  );
}
console.log('');

// 4. Accuracy
const cpu = { cgroup: [], rlimit: [] };
const gnu = [];
const gnuMemory = [];
const memory = { cgroup: [], rlimit: [] };
for (let i = 0; i < 5; i++) {
  for (const accounting of ['cgroup', 'rlimit']) {
    const r = await runLimited(burner, [], {
      input: '500 0',
      timeLimitMs: 5000,
      sandbox: 'none',
      accounting,
      cacheDir,
    });
    cpu[accounting].push(r.cpuMs);
    const m = await runLimited(burner, [], {
      input: '0 100',
      memoryLimitMb: 256,
      sandbox: 'none',
      accounting,
      cacheDir,
    });
    memory[accounting].push(m.memoryKb / 1024);
  }
  const g = await execFile('/usr/bin/time', ['-f', '%U %S', burner], { input: '500 0' });
  const [user, system] = g.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  gnu.push((user + system) * 1000);
  const gm = await execFile('/usr/bin/time', ['-f', '%M', burner], { input: '0 100' });
  gnuMemory.push(Number(gm.stderr.trim().split('\n').at(-1)) / 1024);
  if (!cgroups) break;
}
const theirs = median(gnu);
console.log(`4. Accuracy (median of 5); load ${load()}`);
for (const accounting of cgroups ? ['cgroup', 'rlimit'] : ['rlimit']) {
  const ours = median(cpu[accounting]);
  const error = Math.abs(ours - theirs) / theirs;
  const mb = median(memory[accounting]);
  console.log(
    `   ${accounting}: 500 ms burner ${ours} ms vs GNU time ${theirs.toFixed(0)} ms (user+sys, 10 ms ticks), ${(error * 100).toFixed(1)}% (target <= 5%: ${error <= 0.05 ? 'met' : 'MISSED'}); 100 MB allocation ${mb.toFixed(1)} MB vs GNU time ${median(gnuMemory).toFixed(1)} MB (target 100-110 MB: ${mb >= 100 && mb <= 110 ? 'met' : 'MISSED'})`,
  );
}
