// Benchmark: compile-check on the contest corpus against sequential `g++ -O2`, same run, same machine.
// 1. sequential g++ -O2, one file after another (what the old script did)
// 2. compile-check with an empty result cache (PCH already built)
// 3. compile-check again (result cache warm)
// plus the one-time PCH build cost. Targets: (2) >= 4x faster than (1), (3) >= 50x faster.
// Project mode: a compile_commands.json of the same 16 files (g++ -O2 -c), checked with
// `compile-check -p` against `make -j2` of the same objects. Clang: the same corpus with clang++
// (its own PCH) against g++, both sequential and through compile-check. The load average is
// printed before and after: other jobs may share the machine.
// Sandbox (10, 11): compile() of one bits/stdc++.h program with the PCH warm and no result cache,
// on the host and in bubblewrap, alternating, same run (target: at most 50 ms more); then the
// fixed part alone, an empty sandboxed step (/bin/true) against execFile('/bin/true').
// Run: npm run bench:compile (the sandbox sections alone: npm run bench:compile -- --sandbox)
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPch, compile, runSandboxedStep } from '../dist/compile/index.js';
import { execFile } from '../dist/index.js';
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

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function sequential(compiler = 'g++') {
  const started = performance.now();
  const verdicts = [];
  for (const [i, file] of files.entries()) {
    const r = await execFile(compiler, [file, '-o', join(work, `seq-${i}`), '-O2'], { cwd: root });
    verdicts.push(r.ok ? 'pass' : 'fail');
  }
  return { ms: performance.now() - started, verdicts };
}

async function compileCheck(args = files) {
  const started = performance.now();
  const r = await execFile(process.execPath, [join(root, 'bin/compile-check.js'), '--json', ...args], {
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

// The project: a compile_commands.json and a Makefile for the same 16 objects, in `project/`.
const projectDir = join(work, 'project');
function writeProject() {
  mkdirSync(join(projectDir, 'obj'), { recursive: true });
  const objects = files.map((_file, i) => `obj/${i}.o`);
  const entries = files.map((file, i) => ({
    directory: projectDir,
    command: `g++ -O2 -c ${join(root, file)} -o ${objects[i]}`,
    file: join(root, file),
  }));
  writeFileSync(join(projectDir, 'compile_commands.json'), JSON.stringify(entries, null, 2));
  const rules = files.map((file, i) => `${objects[i]}: ${join(root, file)}\n\tg++ -O2 -c $< -o $@\n`).join('\n');
  writeFileSync(join(projectDir, 'Makefile'), `all: ${objects.join(' ')}\n\n${rules}`);
}

async function make() {
  rmSync(join(projectDir, 'obj'), { recursive: true, force: true });
  mkdirSync(join(projectDir, 'obj'));
  const started = performance.now();
  const r = await execFile('make', ['-j2', '-s'], { cwd: projectDir });
  if (!r.ok) throw new Error(`make failed: ${r.stderr}`);
  return performance.now() - started;
}

async function medianOf(rounds, measure) {
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await measure());
  return { ms: median(runs.map((r) => (typeof r === 'number' ? r : r.ms))), runs };
}

const list = (runs) => runs.map((r) => seconds(typeof r === 'number' ? r : r.ms)).join(', ');
const ratio = (a, b) => `${(a / b).toFixed(1)}x`;

/** Sections 1-9: g++ and clang++ against compile-check, files and project; false if a verdict differs. */
async function compareCompilers(pch, clangxx) {
  const seq = await sequential();
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
  let ok = same;

  // Project mode: compile_commands.json against make -j2, the same 16 objects.
  writeProject();
  console.log(`\nproject mode: ${projectDir}/compile_commands.json (g++ -O2 -c), load average ${loadAverage()}`);
  const makeRuns = await medianOf(3, make);
  console.log(
    `4. make -j2 from clean:                             ${seconds(makeRuns.ms)}  (median of 3: ${list(makeRuns.runs)})`,
  );
  const project = ['-p', projectDir];
  const projectCold = await medianOf(3, async () => {
    rmSync(join(cacheDir, 'results'), { recursive: true, force: true });
    return compileCheck(project);
  });
  console.log(
    `5. compile-check -p, empty result cache (PCH built): ${seconds(projectCold.ms)}  (median of 3: ${list(projectCold.runs)})`,
  );
  const projectWarm = await medianOf(5, () => compileCheck(project));
  console.log(`6. compile-check -p again, result cache warm:      ${seconds(projectWarm.ms)}  (median of 5)`);
  const projectSame = [...projectCold.runs, ...projectWarm.runs].every((r) => r.verdicts.every((v) => v === 'pass'));
  console.log(`all ${files.length} entries passed in every -p run: ${projectSame ? 'yes' : 'NO'}`);
  console.log(`(4)/(5) = ${ratio(makeRuns.ms, projectCold.ms)}   (4)/(6) = ${ratio(makeRuns.ms, projectWarm.ms)}`);
  ok &&= projectSame;

  // Clang against GCC: sequential loops, and compile-check with each compiler's own PCH.
  if (clangxx) {
    console.log(`\nClang against GCC, load average ${loadAverage()}`);
    const clangPch = await buildPch({ cacheDir, compiler: 'clang++' });
    if (!clangPch.ok) throw new Error(`clang PCH build failed: ${clangPch.error?.message}`);
    console.log(
      `7. one-time PCH build with clang++ (-O2):          ${seconds(clangPch.durationMs)}  (g++: ${seconds(pch.durationMs)})`,
    );
    const seqClang = await sequential('clang++');
    console.log(
      `8. sequential clang++ -O2:                         ${seconds(seqClang.ms)}  (g++: ${seconds(seq.ms)}; clang++/g++ = ${(seqClang.ms / seq.ms).toFixed(2)})`,
    );
    const clangArgs = ['--compiler', 'clang++', ...files];
    const clangCold = await medianOf(3, async () => {
      rmSync(join(cacheDir, 'results'), { recursive: true, force: true });
      return compileCheck(clangArgs);
    });
    console.log(
      `9. compile-check --compiler clang++, empty cache:  ${seconds(clangCold.ms)}  (median of 3: ${list(clangCold.runs)}; g++: ${seconds(coldMs)}; clang++/g++ = ${(clangCold.ms / coldMs).toFixed(2)})`,
    );
    console.log(`(8)/(9) = ${ratio(seqClang.ms, clangCold.ms)} faster than sequential clang++`);
    const clangSame = [seqClang, ...clangCold.runs].every(
      (r) => JSON.stringify(r.verdicts) === JSON.stringify(seq.verdicts),
    );
    console.log(`clang++ verdicts identical to g++'s: ${clangSame ? 'yes' : 'NO'}`);
    ok &&= clangSame;
  }
  return ok;
}

// `--sandbox`: the PCH build and the sandbox sections only.
const sandboxOnly = process.argv.includes('--sandbox');
const ms = (value) => `${value.toFixed(0)} ms`;

/** compile() of one contest program on the host and in bwrap, alternating, then an empty step: medians, or undefined without bwrap. */
async function sandboxCost(rounds = 15) {
  const program = join(root, files[0]);
  const times = { none: [], bwrap: [] };
  for (let i = 0; i < rounds; i++) {
    for (const sandbox of i % 2 ? ['bwrap', 'none'] : ['none', 'bwrap']) {
      const result = await compile(program, { cacheDir, cache: false, sandbox });
      if (result.kind !== 'ok' || !result.pch) {
        if (sandbox === 'bwrap' && result.error?.code === 'ERR_SANDBOX_UNAVAILABLE') return undefined;
        throw new Error(`${sandbox}: ${result.kind} (pch ${result.pch}) ${result.stderr}`);
      }
      times[sandbox].push(result.durationMs);
    }
  }
  const paired = times.bwrap.map((t, i) => t - times.none[i]);
  // The fixed part, without the compiler's noise: an empty step in the sandbox against a plain run.
  const fixed = { plain: [], step: [] };
  for (let i = 0; i < 30; i++) {
    let started = performance.now();
    await execFile('/bin/true');
    fixed.plain.push(performance.now() - started);
    started = performance.now();
    await runSandboxedStep({ command: '/bin/true' });
    fixed.step.push(performance.now() - started);
  }
  return {
    host: median(times.none),
    boxed: median(times.bwrap),
    paired: median(paired),
    rounds,
    plain: median(fixed.plain),
    step: median(fixed.step),
  };
}

try {
  const gxx = (await execFile('g++', ['--version'])).stdout.split('\n')[0];
  const clangxx = (await execFile('clang++', ['--version'])).stdout.split('\n')[0];
  console.log(`compile-check benchmark: ${files.length} contest programs (all include <bits/stdc++.h>)`);
  console.log(
    `machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ${gxx}, ${clangxx || 'no clang++'}, ${process.platform}`,
  );
  console.log(`load average at the start: ${loadAverage()}\n`);

  const pch = await buildPch({ cacheDir });
  if (!pch.ok) throw new Error(`PCH build failed: ${pch.error?.message}`);
  console.log(`0. one-time PCH build (bits/stdc++.h, -O2):        ${seconds(pch.durationMs)}`);

  const ok = sandboxOnly || (await compareCompilers(pch, clangxx));

  const sandbox = await sandboxCost();
  if (sandbox) {
    console.log(`\nthe sandbox, load average ${loadAverage()}`);
    console.log(
      `10. one program, PCH warm, no result cache: host ${ms(sandbox.host)}, bwrap ${ms(sandbox.boxed)} (medians of ${sandbox.rounds})`,
    );
    console.log(
      `    the sandbox adds ${ms(sandbox.boxed - sandbox.host)} (median of the round-by-round differences: ${ms(sandbox.paired)})  target <= 50 ms: ${sandbox.boxed - sandbox.host <= 50 ? 'met' : 'MISSED'}`,
    );
    console.log(
      `11. its fixed cost: /bin/true as a sandboxed step ${ms(sandbox.step)} against ${sandbox.plain.toFixed(1)} ms with execFile (medians of 30)`,
    );
  } else {
    console.log('\n10. the sandbox: skipped, bubblewrap does not work here');
  }
  console.log(`\nload average at the end: ${loadAverage()}`);
  if (!ok) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
