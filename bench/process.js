// Per-run cost of starting /bin/true: saferun against raw child_process and execa 9, same process,
// contenders interleaved round by round, median of the rounds. Run: npm run bench:process
import { spawn as rawSpawn, spawnSync as rawSpawnSync } from 'node:child_process';
import os from 'node:os';
import { execa, execaSync } from 'execa';
import { execFile, execFileSync, run, runSync, spawn } from '../dist/index.js';
import { median } from './median.js';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const RUNS = Number(process.env.RUNS ?? 300);
const TRUE = '/bin/true';

function rawRun() {
  return new Promise((resolve) => {
    const child = rawSpawn(TRUE, []);
    const out = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => out.push(chunk));
    child.on('error', resolve);
    child.on('close', (code) => resolve(code));
  });
}

const asyncContenders = {
  'raw child_process.spawn': rawRun,
  'saferun run': () => run(TRUE),
  'saferun execFile': () => execFile(TRUE),
  'saferun spawn': () => spawn(TRUE),
  'execa 9': () => execa(TRUE, { reject: false }),
};
const syncContenders = {
  'raw child_process.spawnSync': () => rawSpawnSync(TRUE),
  'saferun runSync': () => runSync(TRUE),
  'saferun execFileSync': () => execFileSync(TRUE),
  'execa 9 sync': () => execaSync(TRUE, { reject: false }),
};

async function timeAsync(start, concurrency) {
  let next = 0;
  const began = performance.now();
  const lane = async () => {
    while (next++ < RUNS) await start();
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return (performance.now() - began) / RUNS;
}

function timeSync(start) {
  const began = performance.now();
  for (let i = 0; i < RUNS; i++) start();
  return (performance.now() - began) / RUNS;
}

async function measure() {
  const samples = {};
  const record = (key, value) => (samples[key] ??= []).push(value);
  for (const start of Object.values(asyncContenders)) await timeAsync(start, 8); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no contender always runs first or last.
    const names = Object.keys(asyncContenders);
    const order = names.slice(round % names.length).concat(names.slice(0, round % names.length));
    for (const name of order) record(`${name}|1`, await timeAsync(asyncContenders[name], 1));
    for (const name of order) record(`${name}|8`, await timeAsync(asyncContenders[name], 8));
    const syncNames = Object.keys(syncContenders);
    const syncOrder = syncNames.slice(round % syncNames.length).concat(syncNames.slice(0, round % syncNames.length));
    for (const name of syncOrder) record(`${name}|sync`, timeSync(syncContenders[name]));
  }
  return Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)]));
}

function printTable(medians, mode, rawName) {
  const raw = medians[`${rawName}|${mode}`];
  const execaName = mode === 'sync' ? 'execa 9 sync' : 'execa 9';
  const execaMs = medians[`${execaName}|${mode}`];
  const label = mode === 'sync' ? 'sync' : `concurrency ${mode}`;
  console.log(`\n${label}: ms per run (median of ${ROUNDS} rounds x ${RUNS} runs)`);
  console.log('| contender | ms/run | vs raw | execa / this |');
  console.log('|---|---|---|---|');
  for (const [key, ms] of Object.entries(medians)) {
    const [name, keyMode] = key.split('|');
    if (keyMode !== mode) continue;
    console.log(`| ${name} | ${ms.toFixed(3)} | ${(ms / raw).toFixed(2)}x | ${(execaMs / ms).toFixed(2)}x |`);
  }
}

console.log(
  `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${os.platform()} ${os.release()}`,
);
const medians = await measure();
printTable(medians, '1', 'raw child_process.spawn');
printTable(medians, '8', 'raw child_process.spawn');
printTable(medians, 'sync', 'raw child_process.spawnSync');
