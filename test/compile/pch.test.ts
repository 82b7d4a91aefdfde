import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPch, compile, compileMany } from '../../src/compile/index.js';
import { execFile } from '../../src/process/index.js';
import { getCompilerInfo, type CompilerInfo } from '../../src/compile/compiler-info.js';
import { pchDirFor } from '../../src/compile/pch.js';
import { normalizeCompileOptions } from '../../src/compile/validate-compile-options.js';
import { corpus, makeTempDir } from './helpers.js';

// One PCH build (about 4 s) shared by the file; two more tests rebuild on purpose.
let temp: ReturnType<typeof makeTempDir>;
let cacheDir: string;
let pchDir: string;
let info: CompilerInfo;
beforeAll(async () => {
  temp = makeTempDir('pch');
  cacheDir = join(temp.dir, 'cache');
  process.env.SAFERUN_CACHE_DIR = cacheDir;
  const built = await buildPch({ cacheDir });
  expect(built.ok).toBe(true);
  pchDir = built.dir!;
  info = (await getCompilerInfo('g++')) as CompilerInfo;
}, 120_000);
afterAll(() => temp.remove());

const dirFor = (options: Parameters<typeof compile>[1]) =>
  pchDirFor(info, normalizeCompileOptions({ cacheDir, ...options }));
const gch = (dir: string) => join(dir, 'bits', 'stdc++.h.gch');
const stamp = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'stamp.json'), 'utf8')) as { size: number; crc32: number; flags: string[] };

describe('precompiled bits/stdc++.h', () => {
  it('is built once into the cache dir, keyed on the flags, with a stamp', async () => {
    expect(pchDir.startsWith(join(cacheDir, 'pch'))).toBe(true);
    expect(pchDir).toBe(dirFor({}));
    expect(statSync(gch(pchDir)).size).toBe(stamp(pchDir).size);
    expect(stamp(pchDir).flags).toEqual(['-O2']);
    const again = await buildPch({ cacheDir });
    expect(again).toMatchObject({ ok: true, dir: pchDir });
    expect(dirFor({ std: 'c++14' })).not.toBe(pchDir);
    expect(dirFor({ defines: ['LOCAL'] })).not.toBe(pchDir);
  });

  it('is one g++ really uses for these flags (g++ -H marks it with !)', async () => {
    const run = await execFile(
      'g++',
      ['-O2', '-H', '-Winvalid-pch', '-I', pchDir, '-fsyntax-only', 'contest/01-dijkstra.cpp'],
      { cwd: corpus },
    );
    expect(run.ok).toBe(true);
    expect(run.stderr.split('\n')[0]).toBe(`! ${gch(pchDir)}`);
  });

  it('is used by compile() for a source that includes <bits/stdc++.h>', async () => {
    const output = join(temp.dir, 'dijkstra');
    const result = await compile('contest/01-dijkstra.cpp', { cwd: corpus, cacheDir, cache: false, output });
    expect(result).toMatchObject({ ok: true, pch: true, diagnostics: [] });
    expect(result.command).toContain(`-I ${pchDir}`);
    const run = await execFile(output, [], { input: '3 2\n1 2 5\n2 3 1\n' });
    expect(run.stdout).toBe('0 5 6');
  });

  it('is not used for a source without it, nor with pch: false', async () => {
    const plain = await compile('hello world.cpp', { cwd: corpus, cacheDir, cache: false });
    expect(plain.command).not.toContain(pchDir);
    const off = await compile('contest/04-lcs.cpp', {
      cwd: corpus,
      cacheDir,
      cache: false,
      pch: false,
      syntaxOnly: true,
    });
    expect(off.ok).toBe(true);
    expect(off.command).not.toContain(pchDir);
  });

  it('built for other flags is noticed (-Winvalid-pch), not used silently, and the verdict stands', async () => {
    const other = dirFor({ std: 'c++14' });
    cpSync(pchDir, other, { recursive: true });
    const result = await compile('contest/04-lcs.cpp', {
      cwd: corpus,
      cacheDir,
      cache: false,
      std: 'c++14',
      syntaxOnly: true,
    });
    expect(result).toMatchObject({ ok: true, pch: false });
    expect(result.command).toContain('-Winvalid-pch');
    expect(result.diagnostics).toEqual([]);
  });

  it('is rebuilt when it turns out corrupt after it was checked', async () => {
    const size = statSync(gch(pchDir)).size;
    truncateSync(gch(pchDir), 1_000_000);
    const result = await compile('contest/05-knapsack.cpp', { cwd: corpus, cacheDir, cache: false, syntaxOnly: true });
    expect(result).toMatchObject({ ok: true, pch: true, diagnostics: [] });
    expect(statSync(gch(pchDir)).size).toBe(stamp(pchDir).size);
    expect(Math.abs(stamp(pchDir).size - size)).toBeLessThan(size / 10);
  }, 60_000);

  it('a corrupt entry of the right size is caught by its CRC and rebuilt', async () => {
    const dir = dirFor({ defines: ['CORRUPT'] });
    cpSync(pchDir, dir, { recursive: true });
    const size = statSync(gch(dir)).size;
    const fd = openSync(gch(dir), 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(size / 2));
    closeSync(fd);
    const before = crc32(readFileSync(gch(dir)));
    const result = await compile('contest/09-sieve-modpow.cpp', {
      cwd: corpus,
      cacheDir,
      cache: false,
      defines: ['CORRUPT'],
      syntaxOnly: true,
    });
    expect(result).toMatchObject({ ok: true, pch: true, diagnostics: [] });
    const after = readFileSync(gch(dir));
    expect(crc32(after)).not.toBe(before);
    expect(crc32(after)).toBe(stamp(dir).crc32);
    expect(stamp(dir).flags).toEqual(['-O2', '-DCORRUPT']);
  }, 60_000);

  it('a partial entry is rebuilt, once, for many compiles at the same time', async () => {
    const log = join(temp.dir, 'compiler.log');
    const compiler = join(temp.dir, 'logging-g++');
    writeFileSync(compiler, `#!/bin/sh\necho "$*" >> '${log}'\nexec g++ "$@"\n`, { mode: 0o755 });
    const wrapperInfo = (await getCompilerInfo(compiler)) as CompilerInfo;
    const dir = pchDirFor(wrapperInfo, normalizeCompileOptions({ cacheDir, std: 'c++11', compiler }));
    mkdirSync(join(dir, 'bits'), { recursive: true });
    writeFileSync(gch(dir), 'gpch partial');
    mkdirSync(join(cacheDir, 'pch', 'building-leftover'));
    const results = await compileMany(
      ['contest/07-fenwick-inversions.cpp', 'contest/10-binary-search-answer.cpp', 'contest/15-matrix-fibonacci.cpp'],
      {
        cwd: corpus,
        cacheDir,
        cache: false,
        std: 'c++11',
        syntaxOnly: true,
        jobs: 3,
        compiler,
      },
    );
    const builds = readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.includes('c++-header'));
    expect(builds).toHaveLength(1);
    expect(results.map((r) => [r.ok, r.pch])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
    expect(statSync(gch(dir)).size).toBe(stamp(dir).size);
    const names = readdirSync(join(cacheDir, 'pch'));
    expect(names.filter((name) => name.includes('.stale-'))).toEqual([]);
    expect(names.filter((name) => name.startsWith('building-') && name !== 'building-leftover')).toEqual([]);
    expect(existsSync(join(dir, 'stamp.json'))).toBe(true);
  }, 60_000);

  it('two processes building the same entry at once end with one valid entry', async () => {
    const dist = join(import.meta.dirname, '../../dist/compile/index.js');
    if (!existsSync(dist)) return; // `npm test` builds first
    const shared = join(temp.dir, 'race-cache');
    const script = `import { buildPch } from ${JSON.stringify(dist)}; const r = await buildPch({ cacheDir: ${JSON.stringify(shared)}, std: 'c++20' }); console.log(JSON.stringify(r));`;
    const builders = [0, 1].map(() =>
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 120_000 }),
    );
    const results = (await Promise.all(builders)).map((run) => JSON.parse(run.stdout) as { ok: boolean; dir: string });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(results[0]!.dir).toBe(results[1]!.dir);
    const dir = results[0]!.dir;
    expect(statSync(gch(dir)).size).toBe(stamp(dir).size);
    expect(readdirSync(join(shared, 'pch'))).toEqual([dir.split('/').at(-1)]);
    const check = await compile('contest/06-grid-bfs.cpp', {
      cwd: corpus,
      cacheDir: shared,
      cache: false,
      std: 'c++20',
      syntaxOnly: true,
    });
    expect(check).toMatchObject({ ok: true, pch: true });
  }, 120_000);
});
