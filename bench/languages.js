// Benchmark of the languages: `npm run bench:languages`.
// 1. Start-up cost of one run per language: judge() with 41 tests against 1 test (both with the build
//    cached), the difference over 40; against the raw interpreter (or binary) spawned by Node, unsandboxed.
// 2. Build cost per language: cold (files never built before: a comment no earlier build had) and
//    cached (the same files again: the artefact cache, or compile()'s result cache for C and C++).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { judge, prepareProgram } from '../dist/judge/index.js';
import { median } from './median.js';

const root = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'saferun-bench-languages-'));
const cacheDir = join(work, 'cache');
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const fixture = (name) => join(root, 'fixtures/judge/languages', name);
const LANGUAGES = [
  ['cpp', 'ac.cpp', '//'],
  ['c', 'ac.c', '//'],
  ['python', 'ac.py', '#'],
  ['java', 'java-ac/Main.java', '//'],
  ['javascript', 'ac.js', '//'],
  ['rust', 'ac.rs', '//'],
  ['go', 'ac.go', '//'],
];
const ROUNDS = 3;
const test = { input: '1 2\n', expected: '3\n' };
const tests = (n) => Array.from({ length: n }, (_, i) => ({ name: String(i + 1), ...test }));
const limits = { timeLimitMs: 5000, memoryLimitMb: 256, cacheDir };

/** A copy of the fixture with a comment of its own: the first build of it is cold. */
function copyOf(name, comment, tag) {
  const dir = join(work, `${tag}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const file = join(dir, basename(name));
  copyFileSync(fixture(name), file);
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n${comment} ${tag}\n`);
  return file;
}

async function judged(files, n) {
  const started = performance.now();
  const report = await judge({ files, tests: tests(n), ...limits });
  if (report.verdict !== 'AC') throw new Error(`${files[0]}: ${report.verdict} ${report.message}`);
  return { ms: performance.now() - started, report };
}

/** The raw peer: Node spawns the same command (interpreter and args, or the binary) once, unsandboxed. */
function rawRun(command, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - started));
    child.stdin.end(test.input);
  });
}

console.log(
  `saferun languages benchmark: Node ${process.version}, ${availableParallelism()} cores; load average ${load()}\n`,
);
const rows = [];
for (const [id, name, comment] of LANGUAGES) {
  const cold = [];
  const cached = [];
  for (let round = 0; round < ROUNDS; round++) {
    const file = copyOf(name, comment, `${id}-${round}`);
    cold.push((await judged([file], 1)).report.compile.durationMs);
    const again = (await judged([file], 1)).report.compile;
    if (!again.cached) throw new Error(`${id}: the second build was not cached`);
    cached.push(again.durationMs);
  }
  const file = fixture(name);
  await judged([file], 1);
  const one = [];
  const many = [];
  let cpu = [];
  for (let round = 0; round < ROUNDS; round++) {
    one.push((await judged([file], 1)).ms);
    const run = await judged([file], 41);
    many.push(run.ms);
    cpu = cpu.concat(run.report.tests.map((t) => t.cpuMs));
  }
  const perRun = (median(many) - median(one)) / 40;
  const program = await prepareProgram({ files: [file] }, mkdtempSync(join(work, 'raw-')), {
    sandbox: 'none',
    cacheDir,
  });
  if (program.kind !== 'ready') throw new Error(`${id}: ${program.message}`);
  const raw = [];
  for (let i = 0; i < 20; i++) raw.push(await rawRun(program.command, program.args));
  rows.push({ id, perRun, raw: median(raw), cpu: median(cpu), cold: median(cold), cached: median(cached) });
  console.log(`${id}: done (load ${load()})`);
}
const cpp = rows.find((row) => row.id === 'cpp');
console.log(
  '\n| language | one run in judge() | raw Node spawn, no sandbox | CPU time of a run | vs C++ (judge) | build cold | build cached |',
);
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(
    `| ${row.id} | ${row.perRun.toFixed(1)} ms | ${row.raw.toFixed(1)} ms | ${row.cpu} ms | ${(row.perRun / cpp.perRun).toFixed(1)}× | ${Math.round(row.cold)} ms | ${Math.round(row.cached)} ms |`,
  );
}
console.log(`\nload average at the end: ${load()}`);
rmSync(work, { recursive: true, force: true });
