import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type CompileOptions } from '../../src/compile/index.js';
import { execFile } from '../../src/process/index.js';
import { corpus, makeTempDir } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
let cacheDir: string;
let project: string;
beforeAll(() => {
  temp = makeTempDir('result-cache');
  cacheDir = join(temp.dir, 'cache');
  process.env.SAFERUN_CACHE_DIR = cacheDir;
  project = join(temp.dir, 'project');
  mkdirSync(project);
  cpSync(join(corpus, 'local'), project, { recursive: true });
});
afterAll(() => temp.remove());

const entries = () =>
  readdirSync(join(cacheDir, 'results')).flatMap((dir) => readdirSync(join(cacheDir, 'results', dir)));

describe('result cache', () => {
  it('returns the cached verdict and binary for an unchanged program, without running g++', async () => {
    const first = await compile('main.cpp', { cwd: project, cacheDir, output: 'a.out' });
    expect(first).toMatchObject({ ok: true, cached: false });
    const second = await compile('main.cpp', { cwd: project, cacheDir, output: 'b.out' });
    expect(second).toMatchObject({ ok: true, cached: true, binary: join(project, 'b.out'), command: first.command });
    expect((await execFile(join(project, 'b.out'))).stdout).toBe('42');
    // A copy, not a link: overwriting the binary must not change the cache.
    expect(statSync(join(project, 'b.out')).nlink).toBe(1);
  });

  it('does not start the compiler on a hit', async () => {
    const log = join(temp.dir, 'compiler.log');
    const wrapper = join(temp.dir, 'logging-g++');
    writeFileSync(wrapper, `#!/bin/sh\n[ "$1" = --version ] || echo compiled >> '${log}'\nexec g++ "$@"\n`, {
      mode: 0o755,
    });
    const runs = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    await compile('hello world.cpp', { cwd: corpus, cacheDir, compiler: wrapper });
    expect(runs()).toBe(1);
    const hit = await compile('hello world.cpp', { cwd: corpus, cacheDir, compiler: wrapper });
    expect(hit.cached).toBe(true);
    expect(runs()).toBe(1);
  });

  it('caches failures with their diagnostics', async () => {
    const first = await compile('errors/syntax-error.cpp', { cwd: corpus, cacheDir });
    const second = await compile('errors/syntax-error.cpp', { cwd: corpus, cacheDir });
    expect(second).toMatchObject({ ok: false, kind: 'compile-error', cached: true });
    expect(second.diagnostics).toEqual(first.diagnostics);
  });

  it('misses when a local header changes', async () => {
    writeFileSync(join(project, 'answer.h'), '#pragma once\ninline int answer() { return 7; }\n');
    const result = await compile('main.cpp', { cwd: project, cacheDir, output: 'c.out' });
    expect(result.cached).toBe(false);
    expect((await execFile(join(project, 'c.out'))).stdout).toBe('7');
  });

  it('misses when the flags change, hits again with the same flags', async () => {
    const other = await compile('main.cpp', { cwd: project, cacheDir, optimize: '-O0' });
    expect(other.cached).toBe(false);
    const again = await compile('main.cpp', { cwd: project, cacheDir, optimize: '-O0' });
    expect(again.cached).toBe(true);
  });

  it('misses when a header found through -I or -include among the flags changes', async () => {
    const dir = join(temp.dir, 'flag-headers');
    mkdirSync(join(dir, 'inc'), { recursive: true });
    writeFileSync(join(dir, 'inc', 'v.h'), '#define V 1\n');
    writeFileSync(join(dir, 'config.h'), '#define W 1\n');
    writeFileSync(join(dir, 'f.cpp'), '#include <v.h>\nint main() { return V + W - 2; }\n');
    const run = () => compile('f.cpp', { cwd: dir, cacheDir, flags: ['-Iinc', '-include', 'config.h'] });
    expect(await run()).toMatchObject({ ok: true, cached: false });
    expect(await run()).toMatchObject({ ok: true, cached: true });
    writeFileSync(join(dir, 'inc', 'v.h'), '#define V missing\n');
    expect(await run()).toMatchObject({ ok: false, cached: false });
    writeFileSync(join(dir, 'inc', 'v.h'), '#define V 1\n');
    expect(await run()).toMatchObject({ ok: true, cached: true });
    writeFileSync(join(dir, 'config.h'), '#define W missing\n');
    expect(await run()).toMatchObject({ ok: false, cached: false });
  });

  it('misses in another directory: relative flags mean other files there', async () => {
    const [a, b] = [join(temp.dir, 'cwd-a'), join(temp.dir, 'cwd-b')];
    for (const dir of [a, b]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'g.cpp'), 'int main() { return 0; }\n');
    }
    expect((await compile('g.cpp', { cwd: a, cacheDir, flags: ['-Llib'] })).cached).toBe(false);
    expect((await compile('g.cpp', { cwd: a, cacheDir, flags: ['-Llib'] })).cached).toBe(true);
    expect((await compile('g.cpp', { cwd: b, cacheDir, flags: ['-Llib'] })).cached).toBe(false);
  });

  it('misses when the source changes', async () => {
    const path = join(project, 'edit.cpp');
    writeFileSync(path, 'int main() { return 0; }\n');
    expect((await compile(path, { cacheDir })).ok).toBe(true);
    writeFileSync(path, 'int main() { return missing; }\n');
    const changed = await compile(path, { cacheDir });
    expect(changed).toMatchObject({ ok: false, cached: false });
  });

  it('bypasses the cache with cache: false', async () => {
    const count = entries().length;
    const result = await compile('hello world.cpp', { cwd: corpus, cacheDir, cache: false });
    expect(result.cached).toBe(false);
    expect(entries().length).toBe(count);
  });

  it('does not cache a timeout', async () => {
    const result = await compile('errors/template-bomb.cpp', { cwd: corpus, cacheDir, timeout: 500 });
    expect(result.kind).toBe('timeout');
    const again = await compile('errors/template-bomb.cpp', { cwd: corpus, cacheDir, timeout: 500 });
    expect(again).toMatchObject({ kind: 'timeout', cached: false });
  });

  it('does not cache a compiler killed by a signal', async () => {
    const marker = join(temp.dir, 'killed-once');
    const wrapper = join(temp.dir, 'killed-once-g++');
    // The first real compile dies of SIGKILL (as under the OOM killer); later ones run g++.
    writeFileSync(
      wrapper,
      `#!/bin/sh\n[ "$1" = --version ] || [ -e '${marker}' ] || { : > '${marker}'; echo boom >&2; kill -9 $$; }\nexec g++ "$@"\n`,
      { mode: 0o755 },
    );
    const first = await compile('hello world.cpp', { cwd: corpus, cacheDir, compiler: wrapper });
    expect(first).toMatchObject({ ok: false, kind: 'compile-error', cached: false });
    const again = await compile('hello world.cpp', { cwd: corpus, cacheDir, compiler: wrapper });
    expect(again).toMatchObject({ ok: true, kind: 'ok', cached: false });
  });

  it('recompiles over a broken entry', async () => {
    const path = join(project, 'broken.cpp');
    writeFileSync(path, 'int main() { return 3; }\n');
    await compile(path, { cacheDir });
    const before = new Set(entries());
    for (const dir of readdirSync(join(cacheDir, 'results'))) {
      for (const key of readdirSync(join(cacheDir, 'results', dir))) {
        const verdict = join(cacheDir, 'results', dir, key, 'verdict.json');
        if (readFileSync(verdict, 'utf8').includes('broken.cpp')) writeFileSync(verdict, '{"kind": "ok", "diagnost');
      }
    }
    const result = await compile(path, { cacheDir, output: join(project, 'broken') });
    expect(result).toMatchObject({ ok: true, cached: false });
    expect((await execFile(join(project, 'broken'))).exitCode).toBe(3);
    expect(new Set(entries())).toEqual(before);
  });
});

describe('the result cache after a change that decides the verdict', () => {
  /** A dir with `files`; `run` compiles its `m.cpp` (syntax only) with `options`. */
  function setUp(name: string, files: Record<string, string>, options: CompileOptions = {}) {
    const dir = join(temp.dir, name);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const run = () => compile('m.cpp', { cwd: dir, cacheDir, syntaxOnly: true, ...options });
    const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
    return { dir, run, write };
  }
  const good = 'int v = 1;\n';
  const bad = 'int v = missing;\n';

  it('misses when the header an #include_next reaches changes', async () => {
    const { run, write } = setUp(
      'include-next',
      { 'a/x.h': '#include_next <x.h>\n', 'b/x.h': good, 'm.cpp': '#include <x.h>\nint main() { return v; }\n' },
      { includeDirs: ['a', 'b'] },
    );
    expect(await run()).toMatchObject({ ok: true, cached: false });
    write('b/x.h', bad);
    expect(await run()).toMatchObject({ ok: false, cached: false });
  });

  it('misses when the header g++ takes from a -I dir after an -isystem dir changes', async () => {
    // g++ searches -I before -isystem whatever their order: the key must not stop at A/x.h.
    const { run, write } = setUp(
      'search-order',
      { 'A/x.h': good, 'B/x.h': good, 'm.cpp': '#include <x.h>\nint main() { return v; }\n' },
      { flags: ['-isystem', 'A', '-IB'] },
    );
    expect(await run()).toMatchObject({ ok: true, cached: false });
    write('B/x.h', bad);
    expect(await run()).toMatchObject({ ok: false, cached: false });
  });

  it('misses when a header that __has_include asks for is created', async () => {
    const { run, write } = setUp('has-include', {
      'm.cpp': '#if __has_include("config.h")\n#error config.h is there\n#endif\nint main() {}\n',
    });
    expect(await run()).toMatchObject({ ok: true, cached: false });
    write('config.h', '\n');
    expect(await run()).toMatchObject({ ok: false, cached: false });
  });

  it('misses when a header included across a line continuation or after a comment changes', async () => {
    const { run, write } = setUp('directive-forms', {
      'm.cpp': '#include \\\n"a.h"\n/* b */ #include "b.h"\nint main() { return v + w; }\n',
      'a.h': good,
      'b.h': 'int w = 1;\n',
    });
    expect(await run()).toMatchObject({ ok: true, cached: false });
    write('a.h', bad);
    expect(await run()).toMatchObject({ ok: false, cached: false });
    write('a.h', good);
    expect(await run()).toMatchObject({ ok: true, cached: true });
    write('b.h', 'int w = missing;\n');
    expect(await run()).toMatchObject({ ok: false, cached: false });
  });

  it('does not cache a source whose headers it cannot follow (#include MACRO) or that reads the clock', async () => {
    const computed = setUp(
      'computed-include',
      { 'm.cpp': '#include HEADER\nint main() { return v; }\n', 'h.h': good },
      {
        defines: ['HEADER="h.h"'],
      },
    );
    expect(await computed.run()).toMatchObject({ ok: true, cached: false });
    computed.write('h.h', bad);
    expect(await computed.run()).toMatchObject({ ok: false, cached: false });
    const clock = setUp('clock', { 'm.cpp': 'const char *built = __DATE__;\nint main() {}\n' });
    expect(await clock.run()).toMatchObject({ ok: true, cached: false });
    expect(await clock.run()).toMatchObject({ ok: true, cached: false });
  });

  it('misses when a header found through CPATH changes, or CPATH does', async () => {
    const { dir, run, write } = setUp('cpath', {
      'inc/y.h': good,
      'm.cpp': '#include <y.h>\nint main() { return v; }\n',
    });
    const saved = process.env.CPATH;
    try {
      process.env.CPATH = join(dir, 'inc');
      expect(await run()).toMatchObject({ ok: true, cached: false });
      write('inc/y.h', bad);
      expect(await run()).toMatchObject({ ok: false, cached: false });
      write('inc/y.h', good);
      expect(await run()).toMatchObject({ ok: true, cached: true });
      delete process.env.CPATH;
      expect(await run()).toMatchObject({ ok: false, cached: false });
    } finally {
      if (saved === undefined) delete process.env.CPATH;
      else process.env.CPATH = saved;
    }
  });

  it('misses when a library or object the link reads is rebuilt', async () => {
    const { dir } = setUp('link-inputs', {
      'm.cpp': 'int f();\nint main() { return f(); }\n',
      'lib/f.cpp': 'int f() { return 0; }\n',
    });
    const buildLibrary = async (source: string) => {
      writeFileSync(join(dir, 'lib', 'f.cpp'), source);
      expect((await execFile('g++', ['-c', 'lib/f.cpp', '-o', 'lib/f.o'], { cwd: dir })).ok).toBe(true);
      rmSync(join(dir, 'lib', 'libf.a'), { force: true });
      expect((await execFile('ar', ['rcs', 'lib/libf.a', 'lib/f.o'], { cwd: dir })).ok).toBe(true);
    };
    await buildLibrary('int f() { return 0; }\n');
    for (const flags of [['-Llib', '-lf'], ['lib/f.o']]) {
      const run = () => compile('m.cpp', { cwd: dir, cacheDir, flags });
      expect(await run()).toMatchObject({ ok: true });
      expect(await run()).toMatchObject({ ok: true, cached: true });
      await buildLibrary('int g() { return 0; }\n');
      expect(await run()).toMatchObject({ ok: false, cached: false });
      await buildLibrary('int f() { return 0; }\n');
    }
  });

  it('misses when the compiler is replaced under the same name and version', async () => {
    const { dir } = setUp('replaced-compiler', {
      'm.cpp': '#ifdef REPLACED\n#error the new compiler\n#endif\nint main() {}\n',
    });
    const wrapper = join(dir, 'g++');
    writeFileSync(wrapper, '#!/bin/sh\nexec g++ "$@"\n', { mode: 0o755 });
    const options = { cwd: dir, cacheDir, syntaxOnly: true, compiler: wrapper };
    expect(await compile('m.cpp', options)).toMatchObject({ ok: true, cached: false });
    expect(await compile('m.cpp', options)).toMatchObject({ ok: true, cached: true });
    writeFileSync(wrapper, '#!/bin/sh\nexec g++ -DREPLACED "$@"\n');
    expect(await compile('m.cpp', options)).toMatchObject({ ok: false, cached: false });
  });
});

describe('an unusable cache dir', () => {
  it('still compiles, without caching or a PCH', async () => {
    const blocked = join(temp.dir, 'not-a-dir');
    writeFileSync(blocked, 'a file where the cache dir should be');
    const result = await compile('contest/08-kmp.cpp', { cwd: corpus, cacheDir: blocked, syntaxOnly: true });
    expect(result).toMatchObject({ ok: true, kind: 'ok', cached: false, pch: false });
  });

  it("under /proc too, at once (Node's recursive mkdir would spin there for ever)", async () => {
    const result = await compile('contest/08-kmp.cpp', { cwd: corpus, cacheDir: '/proc', syntaxOnly: true });
    expect(result).toMatchObject({ ok: true, kind: 'ok', cached: false, pch: false });
  });
});
