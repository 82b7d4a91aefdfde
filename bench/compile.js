// Benchmark: compile-check on the contest corpus against sequential `g++ -O2`, same run, same machine.
// 1. sequential g++ -O2, one file after another (what the old script did)
// 2. compile-check with an empty result cache (PCH already built)
// 3. compile-check again (result cache warm)
// plus the one-time PCH build cost. Targets: (2) >= 4x faster than (1), (3) >= 50x faster.
// Run: npm run bench:compile
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPch, execFile } from '../dist/index.js';
import { median } from './median.js';

const root = resolve(import.meta.dirname, '..');
const corpusDir = join(root, 'fixtures', 'compile', 'contest');
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.cpp'))
  .sort()
  .map((f) => join('fixtures/compile/contest', f));
const work = mkdtempSync(join(tmpdir(), 'saferun-bench-compile-'));
const cacheDir = join(work, 'cache');
const env = { SAFERUN_CACHE_DIR: cacheDir, NO_COLOR: '1' };
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function sequentialGxx() {
  const started = performance.now();
  const verdicts = [];
  for (const [i, file] of files.entries()) {
    const r = await execFile('g++', [file, '-o', join(work, `seq-${i}`), '-O2'], { cwd: root });
    verdicts.push(r.ok ? 'pass' : 'fail');
  }
  return { ms: performance.now() - started, verdicts };
}

async function compileCheck() {
  const started = performance.now();
  const r = await execFile(process.execPath, [join(root, 'bin/compile-check.js'), '--json', ...files], {
    cwd: root,
    env,
  });
  const ms = performance.now() - started;
  if (r.kind !== 'ok' && r.kind !== 'exit') throw new Error(`compile-check did not finish: ${r.kind} ${r.stderr}`);
  const doc = JSON.parse(r.stdout);
  return {
    ms,
    verdicts: doc.results.map((x) => (x.ok ? 'pass' : 'fail')),
    cached: doc.results.filter((x) => x.cached).length,
  };
}

try {
  const gxx = (await execFile('g++', ['--version'])).stdout.split('\n')[0];
  console.log(`compile-check benchmark: ${files.length} contest programs (all include <bits/stdc++.h>)`);
  console.log(
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${gxx}, ${process.platform}\n`,
  );

  const pch = await buildPch({ cacheDir });
  if (!pch.ok) throw new Error(`PCH build failed: ${pch.error?.message}`);
  console.log(`0. one-time PCH build (bits/stdc++.h, -O2):        ${seconds(pch.durationMs)}`);

  const seq = await sequentialGxx();
  console.log(
    `1. sequential g++ -O2, one file after another:      ${seconds(seq.ms)}  (${seconds(seq.ms / files.length)} a file)`,
  );

  const cold = [];
  for (let i = 0; i < 3; i++) {
    rmSync(join(cacheDir, 'results'), { recursive: true, force: true });
    cold.push(await compileCheck());
  }
  const coldMs = median(cold.map((c) => c.ms));
  console.log(
    `2. compile-check, empty result cache (PCH built):   ${seconds(coldMs)}  (median of 3: ${cold.map((c) => seconds(c.ms)).join(', ')})`,
  );

  const warm = [];
  for (let i = 0; i < 5; i++) warm.push(await compileCheck());
  const warmMs = median(warm.map((w) => w.ms));
  console.log(
    `3. compile-check again, result cache warm:          ${seconds(warmMs)}  (median of 5; ${warm[0].cached}/${files.length} from the cache)`,
  );

  const same = [...cold, ...warm].every((r) => JSON.stringify(r.verdicts) === JSON.stringify(seq.verdicts));
  const passed = seq.verdicts.filter((v) => v === 'pass').length;
  console.log(
    `\nverdicts identical in all runs: ${same ? 'yes' : 'NO'} (${passed} pass, ${files.length - passed} fail)`,
  );
  const coldRatio = seq.ms / coldMs;
  const warmRatio = seq.ms / warmMs;
  console.log(`(1)/(2) = ${coldRatio.toFixed(1)}x  target >= 4x:  ${coldRatio >= 4 ? 'met' : 'MISSED'}`);
  console.log(`(1)/(3) = ${warmRatio.toFixed(1)}x  target >= 50x: ${warmRatio >= 50 ? 'met' : 'MISSED'}`);
  if (!same) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
