import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, type CompileKind, type CompileResult } from '../../src/compile/index.js';
import { execFile } from '../../src/process/index.js';
import { corpus, fixtures, makeTempDir } from './helpers.js';
import { itWith, needs } from '../helpers/requirements.js';

let temp: ReturnType<typeof makeTempDir>;
let cacheDir: string;
beforeAll(() => {
  temp = makeTempDir('compile');
  cacheDir = join(temp.dir, 'cache');
  process.env.SAFERUN_CACHE_DIR = cacheDir;
});
afterAll(() => temp.remove());

// No result cache here: each test sees the compiler run (cache.test.ts covers the cache).
const check = (source: Parameters<typeof compile>[0], options: Parameters<typeof compile>[1] = {}) =>
  compile(source, { cacheDir, cache: false, cwd: corpus, ...options });

function describeKind(kind: CompileKind): string {
  switch (kind) {
    case 'ok':
    case 'compile-error':
    case 'timeout':
    case 'output-limit':
    case 'memory-limit':
    case 'aborted':
    case 'compiler-missing':
    case 'invalid-input':
      return kind;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

describe('compile: verdicts on the corpus', () => {
  it('compiles and links a passing program to `output`, and the binary runs', async () => {
    const output = join(temp.dir, 'program');
    const result = await compile(join(fixtures, 'program.cpp'), { cacheDir, output });
    expect(result).toMatchObject({ ok: true, kind: 'ok', binary: output, cached: false, diagnostics: [] });
    expect(result.command).toContain('g++');
    const run = await execFile(output, [], { input: '1 2 3 4\n' });
    expect(run.stdout).toBe('10');
    expect(describeKind(result.kind)).toBe('ok');
  });

  it('reports a syntax error with file, line and column', async () => {
    const result = await check('errors/syntax-error.cpp');
    expect(result).toMatchObject({ ok: false, kind: 'compile-error' });
    expect(result.binary).toBeUndefined();
    expect(result.diagnostics[0]).toEqual({
      file: 'errors/syntax-error.cpp',
      line: 5,
      column: 5,
      severity: 'error',
      message: "expected ',' or ';' before 'for'",
    });
  });

  it('reports a type error', async () => {
    const result = await check('errors/type-error.cpp');
    expect(result.kind).toBe('compile-error');
    expect(result.diagnostics[0]).toMatchObject({
      file: 'errors/type-error.cpp',
      line: 6,
      column: 24,
      severity: 'error',
    });
    expect(result.diagnostics[0]!.message).toMatch(/^conversion from 'std::vector<int>'/);
  });

  it('reports a link error against the source path', async () => {
    const result = await check('errors/link-error.cpp');
    expect(result.kind).toBe('compile-error');
    expect(result.diagnostics).toContainEqual({
      file: 'errors/link-error.cpp',
      line: 0,
      column: 0,
      severity: 'error',
      message: "undefined reference to `solve(int)'",
    });
  });

  it('passes a program with warnings only, and keeps the warnings', async () => {
    const result = await check('warnings/warnings-only.cpp');
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => [d.severity, d.option])).toEqual([
      ['warning', '-Woverflow'],
      ['warning', '-Wreturn-type'],
    ]);
  });

  it('fails warnings with warningsAsErrors', async () => {
    const result = await check('warnings/warnings-only.cpp', { warningsAsErrors: true });
    expect(result.kind).toBe('compile-error');
    expect(result.diagnostics.some((d) => d.severity === 'error' && d.option === '-Werror=overflow')).toBe(true);
  });

  it('reports a missing include as an error', async () => {
    const result = await check('errors/missing-include.cpp');
    expect(result.kind).toBe('compile-error');
    expect(result.diagnostics[0]).toMatchObject({
      line: 2,
      column: 10,
      message: 'testlib_helpers_that_do_not_exist.h: No such file or directory',
    });
  });

  it('ends a template bomb at the timeout', async () => {
    const result = await check('errors/template-bomb.cpp', { timeout: 1500 });
    expect(result).toMatchObject({ ok: false, kind: 'timeout' });
    expect(result.durationMs).toBeGreaterThanOrEqual(1400);
    expect(result.diagnostics.at(-1)!.message).toMatch(/1500 ms limit/);
  });

  it('cuts a file with thousands of errors at maxOutput', async () => {
    const result = await check('errors/many-errors.cpp', { maxOutput: 64 * 1024, syntaxOnly: true });
    expect(result).toMatchObject({ ok: false, kind: 'output-limit' });
    expect(Buffer.byteLength(result.stderr)).toBeLessThanOrEqual(64 * 1024);
    expect(result.diagnostics.length).toBeGreaterThan(50);
    expect(result.diagnostics.length).toBeLessThan(10_000);
  });

  it('compiles a file name with spaces', async () => {
    const result = await check('hello world.cpp');
    expect(result.ok).toBe(true);
  });

  it('compiles source text under the name given, and reports errors with that name', async () => {
    const good = await check({ code: 'int main() { return 0; }\n', name: 'solution.cpp' });
    expect(good.ok).toBe(true);
    const bad = await check({ code: 'int main() { return x; }\n', name: 'solution.cpp' });
    expect(bad.diagnostics[0]).toMatchObject({ file: 'solution.cpp', line: 1, column: 21, severity: 'error' });
  });

  it('links several sources into one program', async () => {
    const result = await check(
      [{ code: 'int solve(int n) { return n - 42; }\n', name: 'solve.cpp' }, 'errors/link-error.cpp'],
      { output: join(temp.dir, 'linked') },
    );
    expect(result.ok).toBe(true);
    expect((await execFile(join(temp.dir, 'linked'))).exitCode).toBe(0);
  });

  it('passes defines, include dirs and std', async () => {
    const dir = join(temp.dir, 'inc');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'limit.h'), '#define LIMIT 7\n');
    const code =
      '#include <limit.h>\n#if __cplusplus != 201402L || !defined(LOCAL) || N != 3\n#error wrong flags\n#endif\nint main() { return LIMIT - 7; }\n';
    const result = await check({ code }, { includeDirs: [dir], defines: { LOCAL: true, N: 3 }, std: 'c++14' });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    const wrong = await check({ code }, { includeDirs: [dir], defines: ['N=3'], std: 'c++14' });
    expect(wrong.diagnostics[0]!.message).toBe('#error wrong flags');
  });

  it('checks syntax only: no binary, no link', async () => {
    const output = join(temp.dir, 'syntax-only');
    const result = await check('errors/link-error.cpp', { syntaxOnly: true, output });
    expect(result.ok).toBe(true);
    expect(result.binary).toBeUndefined();
    expect(existsSync(output)).toBe(false);
  });

  it('removes a stale binary at `output` when the compile fails', async () => {
    const output = join(temp.dir, 'stale');
    writeFileSync(output, 'old binary');
    const result = await check('errors/syntax-error.cpp', { output });
    expect(result.ok).toBe(false);
    expect(existsSync(output)).toBe(false);
  });

  it('reports a compiler out of memory under memoryLimitMb', async () => {
    const result = await check(
      { code: '#include <iostream>\nint main() { std::cout << 1; }\n' },
      { memoryLimitMb: 64 },
    );
    expect(result).toMatchObject({ ok: false, kind: 'memory-limit' });
  });

  it('aborts on the signal', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await check('errors/template-bomb.cpp', { signal: controller.signal });
    expect(result.kind).toBe('aborted');
  });
});

describe('compile: bad input gives a clear result, never a throw', () => {
  const expectInvalid = (result: CompileResult, code: string, message: RegExp) => {
    expect(result).toMatchObject({ ok: false, kind: 'invalid-input', cached: false, error: { code } });
    expect(result.error!.message).toMatch(message);
    expect(result.diagnostics[0]!.message).toBe(result.error!.message);
  };

  it('a missing source', async () =>
    expectInvalid(await check('nope/missing.cpp'), 'ENOENT', /`nope\/missing.cpp` does not exist/));
  it('a directory', async () => expectInvalid(await check('errors'), 'EISDIR', /is a directory/));
  it('an empty file', async () => {
    writeFileSync(join(temp.dir, 'empty.cpp'), '');
    expectInvalid(await check(join(temp.dir, 'empty.cpp')), 'EEMPTY', /is empty/);
  });
  it('an unreadable file', async () => {
    const path = join(temp.dir, 'secret.cpp');
    writeFileSync(path, 'int main() {}\n');
    chmodSync(path, 0o000);
    const result = await check(path);
    // Root reads any file: then it compiles.
    if (process.getuid?.() === 0) expect(result.ok).toBe(true);
    else expectInvalid(result, 'EACCES', /permission denied/);
  });
  it('an empty list of sources', async () =>
    expectInvalid(await check([]), 'ERR_INVALID_OPTION', /at least one source/));
  it('a source that is not a path', async () =>
    expectInvalid(await check(42 as never), 'ERR_INVALID_OPTION', /`sources\[0\]`/));
  it('an invalid option', async () => {
    expectInvalid(
      await check('hello world.cpp', { timeout: -1 }),
      'ERR_INVALID_OPTION',
      /Expected `timeout` to be a positive integer, got `-1` \(number\)/,
    );
    expectInvalid(
      await check('hello world.cpp', { bogus: 1 } as never),
      'ERR_INVALID_OPTION',
      /Unknown option `bogus`/,
    );
  });
  it('a missing compiler', async () => {
    const result = await check('hello world.cpp', { compiler: 'no-such-compiler-x' });
    expect(result).toMatchObject({ ok: false, kind: 'compiler-missing', error: { code: 'ENOENT' } });
    expect(result.error!.message).toMatch(/no-such-compiler-x/);
  });
});

describe('compile: a compiler without JSON diagnostics', () => {
  it('falls back to the text parser (a GCC 9 --version in front of real g++; test/compile/clang.test.ts runs real Clang)', async () => {
    const compiler = join(temp.dir, 'text-only-c++');
    writeFileSync(
      compiler,
      '#!/bin/sh\nif [ "$1" = --version ]; then echo "g++ (GCC) 9.4.0"; exit 0; fi\nexec g++ "$@"\n',
      { mode: 0o755 },
    );
    const result = await check('errors/syntax-error.cpp', { compiler });
    expect(result.command).not.toContain('-fdiagnostics-format=json');
    expect(result.stderr).toContain("errors/syntax-error.cpp:5:5: error: expected ',' or ';' before 'for'");
    expect(result.diagnostics[0]).toEqual({
      file: 'errors/syntax-error.cpp',
      line: 5,
      column: 5,
      severity: 'error',
      message: "expected ',' or ';' before 'for'",
    });
    const warned = await check('warnings/warnings-only.cpp', { compiler });
    expect(warned.ok).toBe(true);
    expect(warned.diagnostics.map((d) => d.option)).toEqual(['-Woverflow', '-Wreturn-type']);
  });
});

describe('compile: output', () => {
  it('refuses a directory as output', async () => {
    const result = await check('hello world.cpp', { output: temp.dir });
    expect(result).toMatchObject({ ok: false, kind: 'invalid-input', error: { code: 'EISDIR' } });
  });
});

describe('compile: -c, C sources and languages', () => {
  const expectInvalid = (result: CompileResult, code: string, message: RegExp) => {
    expect(result).toMatchObject({ ok: false, kind: 'invalid-input', error: { code } });
    expect(result.error!.message).toMatch(message);
  };

  it('compileOnly writes an object file, and a source without main passes', async () => {
    const output = join(temp.dir, 'add.o');
    const result = await check('project/src/add.cpp', {
      compileOnly: true,
      output,
      includeDirs: ['project/include'],
      defines: ['PROJECT_FLAG'],
    });
    expect(result).toMatchObject({ ok: true, kind: 'ok', binary: output });
    expect(result.command).toMatch(/ -c project\/src\/add\.cpp -o /);
    expect(existsSync(output)).toBe(true);
    const linked = await check('project/src/add.cpp', { includeDirs: ['project/include'], defines: ['PROJECT_FLAG'] });
    expect(linked.kind).toBe('compile-error');
  });

  it('compileOnly takes one source', async () => {
    const result = await check(['contest/01-dijkstra.cpp', 'hello world.cpp'], { compileOnly: true });
    expect(result).toMatchObject({ kind: 'invalid-input', error: { code: 'ERR_INVALID_OPTION' } });
    expect(result.error!.message).toBe('Expected one source with `compileOnly`, got 2: compile each on its own');
    expectInvalid(
      await check('hello world.cpp', { compileOnly: true, syntaxOnly: true }),
      'ERR_INVALID_OPTION',
      /^Expected one of `syntaxOnly` and `compileOnly`, got both$/,
    );
  });

  itWith([needs.gcc()], 'compiles a C source with gcc, and a standard of the other language is left out', async () => {
    const result = await check('project/src/checksum.c', { compileOnly: true, std: 'c++17' });
    expect(result.kind).toBe('ok');
    expect(result.command).toMatch(/^gcc -O2 /);
    expect(result.command).not.toContain('-std=');
    const c11 = await check('project/src/checksum.c', { compileOnly: true, std: 'c11' });
    expect(c11.command).toMatch(/^gcc -std=c11 -O2 /);
  });

  it('links a C++ program with a C source, the C one compiled as C (-x c)', async () => {
    const output = join(temp.dir, 'mixed');
    const result = await check(['project/src/main.cpp', 'project/src/add.cpp', 'project/src/checksum.c'], {
      output,
      includeDirs: ['project/include'],
      defines: ['PROJECT_FLAG'],
    });
    expect(result.command).toMatch(/^g\+\+ .* project\/src\/add\.cpp -x c project\/src\/checksum\.c -x none -o /);
    expect(result.kind).toBe('ok');
    expect((await execFile(output)).stdout).toMatch(/^5 \d+$/);
  });

  itWith([needs.gcc()], 'takes the language of source text from its name, or from `language`', async () => {
    const code = 'int main(void) { int class = 0; return class; }\n';
    expect((await check({ code, name: 'main.c' })).kind).toBe('ok');
    expect((await check({ code, name: 'main.cpp' })).kind).toBe('compile-error');
    const asC = await check({ code }, { language: 'c' });
    expect(asC.kind).toBe('ok');
    expect(asC.command).toMatch(/^gcc .* -x c \S+main\.cpp -x none /);
    expectInvalid(await check({ code }, { language: 'java' } as never), 'ERR_INVALID_OPTION', /`language`/);
  });

  it('passes a file named -dash.cpp as ./-dash.cpp, and names it as given', async () => {
    const result = await check('-dash.cpp', { cwd: join(corpus, 'names') });
    expect(result.kind).toBe('ok');
    expect(result.command).toContain(' ./-dash.cpp ');
    const broken = await check({ code: 'int main() { return x; }', name: '-dash.cpp' });
    expect(broken.diagnostics[0]).toMatchObject({ file: '-dash.cpp', line: 1 });
  });

  it('keeps the diagnostics whose text g++ writes raw control characters into (its JSON leaves them unescaped)', async () => {
    const named = await check({ code: 'int main() { return x; }\n', name: 'bell\u0001.cpp' });
    expect(named.diagnostics[0]).toMatchObject({ file: 'bell\u0001.cpp', line: 1, severity: 'error' });
    const message = await check({ code: '#error stop \u001b[31mhere\nint main() {}\n', name: 'escape.cpp' });
    expect(message.diagnostics[0]).toMatchObject({ line: 1, message: '#error stop \u001b[31mhere' });
  });

  it('reports an internal compiler error, and a failure in words no parser knows', async () => {
    // g++ runs cc1plus through -wrapper: cc1plus dies of SIGSEGV and the driver says so.
    const crash = join(temp.dir, 'crash-cc1plus.sh');
    writeFileSync(crash, '#!/bin/sh\ncase "$1" in *cc1plus) kill -SEGV $$;; esac\nexec "$@"\n', { mode: 0o755 });
    const ice = await check({ code: 'int main() {}\n', name: 'ice.cpp' }, { flags: ['-wrapper', crash] });
    expect(ice.kind).toBe('compile-error');
    expect(ice.diagnostics).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(/internal compiler error: Segmentation fault/),
      }),
    );
    const wrapper = join(temp.dir, 'farm-g++');
    writeFileSync(
      wrapper,
      '#!/bin/sh\n[ "$1" = --version ] && exec g++ --version\necho "cannot reach the build farm" >&2\nexit 3\n',
      {
        mode: 0o755,
      },
    );
    const silent = await check({ code: 'int main() {}\n', name: 'farm.cpp' }, { compiler: wrapper });
    expect(silent).toMatchObject({ kind: 'compile-error' });
    expect(silent.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'the compiler exited with code 3 without an error message: cannot reach the build farm',
      }),
    ]);
    // Neither is cached: the next run may well compile.
    for (const compiler of [wrapper, 'g++']) {
      const options = { cacheDir, cwd: corpus, compiler, flags: compiler === 'g++' ? ['-wrapper', crash] : [] };
      await compile({ code: 'int main() {}\n', name: 'again.cpp' }, options);
      expect(await compile({ code: 'int main() {}\n', name: 'again.cpp' }, options)).toMatchObject({
        kind: 'compile-error',
        cached: false,
      });
    }
  });

  it('counts columns in characters: a tab is one, so is an é (g++ said 16 for the tab, its bytes 31 for the é)', async () => {
    const code = 'int main() {\n\treturn x;\n}\nconst char *e = "é"; int y = z;\n';
    const result = await check({ code, name: 'columns.cpp' });
    expect(result.diagnostics.map((d) => `${d.line}:${d.column}`)).toEqual(['2:9', '4:30']);
    expect(code.split('\n')[1]![8]).toBe('x');
    expect(code.split('\n')[3]![29]).toBe('z');
  });
});
