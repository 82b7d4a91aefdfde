// Benchmark of the judge: `npm run bench:judge`.
// 1. Overhead of one limited, measured run of a trivial program against a raw spawn.
// 2. A 200-test problem: judge() against a shell loop with `timeout` and `cmp` per test.
// 3. Accuracy: CPU time of a 500 ms burner against GNU time; peak memory of a 100 MB allocation.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
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

console.log(
  `saferun judge benchmark: Node ${process.version}, ${availableParallelism()} cores, ${process.getuid?.() === 0 ? 'root' : 'non-root'}\n`,
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
const perRun = (fn, runs = 300) => medianTime(fn, runs, 30);
const raw = await perRun(rawSpawn);
const none = await perRun(() => runLimited(trivialBin, [], { sandbox: 'none', cacheDir }));
const boxed = await perRun(() => runLimited(trivialBin, [], { sandbox: 'bwrap', cacheDir }), 150);
// An abort signal gives each run its own helper session: the cost of a cold, single run.
const coldNone = await perRun(
  () => runLimited(trivialBin, [], { sandbox: 'none', cacheDir, signal: new AbortController().signal }),
  100,
);
const coldBoxed = await perRun(
  () => runLimited(trivialBin, [], { sandbox: 'bwrap', cacheDir, signal: new AbortController().signal }),
  100,
);
const allowed = Math.max(raw + 2, raw * 1.5);
console.log('1. One run of a trivial program (median of 300)');
console.log(`   raw child_process.spawn           ${fmt(raw)}`);
console.log(
  `   runLimited, sandbox none          ${fmt(none)}  (target <= ${fmt(allowed)}: ${none <= allowed ? 'met' : 'MISSED'}; a warm helper session)`,
);
console.log(
  `   runLimited, sandbox bwrap         ${fmt(boxed)}  (${boxed <= allowed ? 'also within the target' : 'past the target'}; a warm session in one sandbox)`,
);
console.log(`   cold: new helper each run, none   ${fmt(coldNone)}`);
console.log(`   cold: new sandbox each run, bwrap ${fmt(coldBoxed)}  (namespaces and mounts)\n`);

// 2. 200 tests
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
for (const [label, options] of [
  ['none, 2 jobs', { sandbox: 'none', jobs: 2 }],
  ['bwrap, 2 jobs', { sandbox: 'bwrap', jobs: 2 }],
  ['none, 1 job', { sandbox: 'none', jobs: 1 }],
]) {
  judged[label] = await timed(async () => {
    const report = await judge({ binary: aplusb, tests, timeLimitMs: 1000, cacheDir, ...options });
    if (report.verdict !== 'AC' || report.passed !== 200) throw new Error(`judge: ${report.verdict} ${report.message}`);
  });
}
console.log('2. A+B with 200 tests (median of 3)');
console.log(`   shell loop (timeout + cmp)        ${fmt(shell)}`);
for (const [label, ms] of Object.entries(judged)) {
  const speedup = shell / ms;
  console.log(
    `   judge(), ${label.padEnd(24)} ${fmt(ms)}  (${speedup.toFixed(2)}x the shell loop${label === 'none, 2 jobs' ? `; target >= 2x: ${speedup >= 2 ? 'met' : 'MISSED'}` : ''})`,
  );
}
console.log('');

// 3. Accuracy
const cpu = [];
const gnu = [];
const gnuMemory = [];
for (let i = 0; i < 5; i++) {
  const r = await runLimited(burner, [], { input: '500 0', timeLimitMs: 5000, sandbox: 'none', cacheDir });
  cpu.push(r.cpuMs);
  const g = await execFile('/usr/bin/time', ['-f', '%U %S', burner], { input: '500 0' });
  const [user, system] = g.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  gnu.push((user + system) * 1000);
}
const ours = median(cpu);
const theirs = median(gnu);
const error = Math.abs(ours - theirs) / theirs;
console.log('3. Accuracy (median of 5)');
console.log(
  `   500 ms burner: runLimited ${ours} ms, GNU time ${theirs.toFixed(0)} ms (user+sys, 10 ms ticks); difference ${(error * 100).toFixed(1)}% (target <= 5%: ${error <= 0.05 ? 'met' : 'MISSED'})`,
);
const memory = [];
for (let i = 0; i < 5; i++) {
  const r = await runLimited(burner, [], { input: '0 100', memoryLimitMb: 256, sandbox: 'none', cacheDir });
  memory.push(r.memoryKb / 1024);
  const g = await execFile('/usr/bin/time', ['-f', '%M', burner], { input: '0 100' });
  gnuMemory.push(Number(g.stderr.trim().split('\n').at(-1)) / 1024);
}
const mb = median(memory);
console.log(
  `   100 MB allocation: runLimited ${mb.toFixed(1)} MB, GNU time ${median(gnuMemory).toFixed(1)} MB (target 100-110 MB: ${mb >= 100 && mb <= 110 ? 'met' : 'MISSED'})`,
);
