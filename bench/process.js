// The process API against raw child_process and its peers, in one run. Run: npm run bench:process
// 1. Import time: a fresh `node` importing saferun, execa 9, zx 8 or tinyexec, against bare node.
// 2. Per-run cost of starting /bin/true, and of a two-stage pipe (echo | cat): saferun against raw
//    child_process and execa 9, in the same process, contenders interleaved round by round.
// Each time is the median of the rounds; each ratio the median of the rounds' own ratios.
import { spawn as rawSpawn, spawnSync as rawSpawnSync } from 'node:child_process';
import os from 'node:os';
import { execa, execaSync } from 'execa';
import { execFile, execFileSync, run, runSync, spawn } from '../dist/index.js';
import { median } from './median.js';

// Many short rounds, contenders interleaved: a burst of load from elsewhere hits one round of one
// contender, and the median of the rounds leaves it out.
const ROUNDS = Number(process.env.ROUNDS ?? 31);
const RUNS = Number(process.env.RUNS ?? 60);
const IMPORT_ROUNDS = Number(process.env.IMPORT_ROUNDS ?? 15);
const TRUE = '/bin/true';
const root = new URL('..', import.meta.url).pathname;

/** Raw spawn as a careful caller writes it: both streams read, resolved on 'close'. */
function rawRun(file, args = []) {
  return new Promise((resolve) => {
    const child = rawSpawn(file, args);
    child.stdout.on('data', () => {});
    child.stderr.on('data', () => {});
    child.on('error', resolve);
    child.on('close', resolve);
  });
}

/** Raw `echo x | cat`: the first's stdout piped into the second's stdin, the second's output read. */
function rawPipe() {
  return new Promise((resolve) => {
    const first = rawSpawn('/bin/echo', ['x']);
    const second = rawSpawn('/bin/cat');
    first.stderr.on('data', () => {});
    first.stdout.pipe(second.stdin);
    const out = [];
    second.stdout.on('data', (chunk) => out.push(chunk));
    second.stderr.on('data', () => {});
    let open = 2;
    const done = () => --open === 0 && resolve(Buffer.concat(out).toString());
    first.on('close', done);
    second.on('close', done);
  });
}

const asyncContenders = {
  'raw child_process.spawn': () => rawRun(TRUE),
  'saferun run': () => run(TRUE),
  'saferun execFile': () => execFile(TRUE),
  'saferun spawn': () => spawn(TRUE),
  'execa 9': () => execa(TRUE, { reject: false }),
};
const pipeContenders = {
  'raw spawn + stream.pipe': rawPipe,
  'saferun run().pipe()': () => run('/bin/echo x').pipe('/bin/cat'),
  'execa 9 .pipe()': () => execa('/bin/echo', ['x'], { reject: false }).pipe('/bin/cat', [], { reject: false }),
};
const syncContenders = {
  'raw child_process.spawnSync': () => rawSpawnSync(TRUE),
  'saferun runSync': () => runSync(TRUE),
  'saferun execFileSync': () => execFileSync(TRUE),
  'execa 9 sync': () => execaSync(TRUE, { reject: false }),
};
const imports = {
  'bare node': '',
  saferun: "await import('saferun');",
  'execa 9': "await import('execa');",
  'zx 8': "await import('zx');",
  tinyexec: "await import('tinyexec');",
};

/** Wall ms per run, and this process's own CPU ms per run (what the library adds; less swayed by other load). */
async function timeAsync(start, concurrency) {
  let next = 0;
  const began = performance.now();
  const cpu = process.cpuUsage();
  const lane = async () => {
    while (next++ < RUNS) await start();
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return perRun(began, cpu);
}

function timeSync(start) {
  const began = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) start();
  return perRun(began, cpu);
}

function perRun(began, cpu) {
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - began) / RUNS, cpu: (used.user + used.system) / 1000 / RUNS };
}

/** Rotates the order each round so that no contender always runs first or last. */
function rotated(names, round) {
  return names.slice(round % names.length).concat(names.slice(0, round % names.length));
}

/** One fresh node importing a package: the import itself (timed inside), the whole process, its peak RSS. */
function timeImport(code) {
  const began = performance.now();
  const script = `const t = performance.now(); ${code} console.log(performance.now() - t, process.resourceUsage().maxRSS);`;
  const child = rawSpawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  const whole = performance.now() - began;
  if (child.status !== 0) throw new Error(`import failed: ${code}\n${child.stderr}`);
  const [importMs, rssKb] = child.stdout.trim().split(' ').map(Number);
  return { importMs, whole, rssKb };
}

function measureImports() {
  const samples = {};
  for (const code of Object.values(imports)) timeImport(code); // warm the file cache
  for (let round = 0; round < IMPORT_ROUNDS; round++) {
    for (const name of rotated(Object.keys(imports), round)) {
      const sample = timeImport(imports[name]);
      for (const [field, value] of Object.entries(sample)) ((samples[name] ??= {})[field] ??= []).push(value);
    }
  }
  const execaMs = median(samples['execa 9'].importMs);
  console.log(`\nimport time: a fresh node process each, median of ${IMPORT_ROUNDS} rounds`);
  console.log('| import | import ms | vs execa | whole process ms | peak RSS MB |');
  console.log('|---|---|---|---|---|');
  for (const [name, { importMs, whole, rssKb }] of Object.entries(samples)) {
    const ms = median(importMs);
    const ratio = name === 'bare node' ? '' : `${(ms / execaMs).toFixed(2)}x`;
    console.log(
      `| ${name} | ${ms.toFixed(1)} | ${ratio} | ${median(whole).toFixed(1)} | ${(median(rssKb) / 1024).toFixed(1)} |`,
    );
  }
}

/** Per round, each contender's { wall, cpu }: `samples[key][round]`. */
async function measureRuns() {
  const samples = {};
  const record = (key, value) => (samples[key] ??= []).push(value);
  for (const start of [...Object.values(asyncContenders), ...Object.values(pipeContenders)]) await timeAsync(start, 8); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of rotated(Object.keys(asyncContenders), round)) {
      record(`${name}|1`, await timeAsync(asyncContenders[name], 1));
      record(`${name}|8`, await timeAsync(asyncContenders[name], 8));
    }
    for (const name of rotated(Object.keys(pipeContenders), round)) {
      record(`${name}|pipe 1`, await timeAsync(pipeContenders[name], 1));
      record(`${name}|pipe 8`, await timeAsync(pipeContenders[name], 8));
    }
    for (const name of rotated(Object.keys(syncContenders), round))
      record(`${name}|sync`, timeSync(syncContenders[name]));
  }
  return samples;
}

/**
 * The ratios are taken round by round (a contender against the reference of the same round, a
 * second or two apart) and their median reported: the machine's speed drifts over a run by more
 * than the differences measured, and a ratio of two medians taken from different rounds carries
 * that drift. The spread is the middle half of the rounds' ratios.
 */
function pairedRatio(values, references, field) {
  const ratios = values.map((value, round) => value[field] / references[round][field]);
  const sorted = [...ratios].sort((a, b) => a - b);
  const at = (fraction) => sorted[Math.floor((sorted.length - 1) * fraction)];
  return { median: median(ratios), low: at(0.25), high: at(0.75) };
}

function printTable(samples, mode, rawName, execaName, label) {
  const raw = samples[`${rawName}|${mode}`];
  const peer = samples[`${execaName}|${mode}`];
  const show = ({ median: ratio, low, high }) => `${ratio.toFixed(2)}x (${low.toFixed(2)}–${high.toFixed(2)})`;
  console.log(`\n${label}: per run, median of ${ROUNDS} rounds x ${RUNS} runs; ratios round by round (middle half)`);
  console.log('| contender | wall ms | vs raw | execa / this | parent CPU ms | vs raw | execa / this |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [key, values] of Object.entries(samples)) {
    const [name, keyMode] = key.split('|');
    if (keyMode !== mode) continue;
    const cells = ['wall', 'cpu'].map((field) => {
      const ms = median(values.map((value) => value[field])).toFixed(3);
      const vsRaw = show(pairedRatio(values, raw, field));
      const vsPeer = pairedRatio(peer, values, field).median.toFixed(2);
      return `${ms} | ${vsRaw} | ${vsPeer}x`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

console.log(
  `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${os.platform()} ${os.release()}, load ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
measureImports();
const samples = await measureRuns();
printTable(samples, '1', 'raw child_process.spawn', 'execa 9', '/bin/true, concurrency 1');
printTable(samples, '8', 'raw child_process.spawn', 'execa 9', '/bin/true, concurrency 8');
printTable(samples, 'pipe 1', 'raw spawn + stream.pipe', 'execa 9 .pipe()', 'echo x | cat, concurrency 1');
printTable(samples, 'pipe 8', 'raw spawn + stream.pipe', 'execa 9 .pipe()', 'echo x | cat, concurrency 8');
printTable(samples, 'sync', 'raw child_process.spawnSync', 'execa 9 sync', '/bin/true, sync');
console.log(
  `\nload at the end: ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`,
);
