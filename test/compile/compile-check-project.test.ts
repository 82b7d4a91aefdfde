import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { compileProject, readCompileCommands } from '../../src/compile/index.js';
import { describeWith, needs } from '../helpers/requirements.js';
import { corpus, makeTempDir, runCompileCheck } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  temp = makeTempDir('compile-check-project');
  env = { SAFERUN_CACHE_DIR: join(temp.dir, 'cache') };
});
afterAll(() => temp.remove());

function cli(argv: string[], extra: { cwd?: string; isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  return runCompileCheck(argv, { ...extra, env: { ...env, ...extra.env } });
}

const passed = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('PASS '))
    .map((line) => line.split(' ')[1]!);

/** A copy of fixtures/compile/project with an absolute `directory`, as CMake writes it. */
function copyProject(name: string): string {
  const root = join(temp.dir, name);
  cpSync(join(corpus, 'project'), root, { recursive: true });
  const db = join(root, 'build', 'compile_commands.json');
  const entries = JSON.parse(readFileSync(db, 'utf8')) as { directory: string }[];
  for (const entry of entries) entry.directory = join(root, 'build');
  writeFileSync(db, JSON.stringify(entries));
  return root;
}

describeWith([needs.gpp(), needs.gcc()], 'compile-check on a project of several files', () => {
  it('a two-file project (and a C file) passes with -c, checked file by file; linked it fails', async () => {
    const compileOnly = await cli(['-c', '-I', 'project/include', '-D', 'PROJECT_FLAG', 'project/src']);
    expect(compileOnly.stdout.endsWith('3 passed, 0 failed\n')).toBe(true);
    expect(compileOnly.code).toBe(0);
    const linked = await cli(['-I', 'project/include', '-D', 'PROJECT_FLAG', 'project/src']);
    expect(linked.code).toBe(1);
    expect(linked.stdout.endsWith('0 passed, 3 failed\n')).toBe(true);
  });

  it("writes no dependency file or object of an entry's, even given as -Wp,-MMD,file or --output=file", async () => {
    const root = join(temp.dir, 'kernel-style');
    mkdirSync(join(root, 'build'), { recursive: true });
    writeFileSync(join(root, 'k.c'), '#ifndef KEPT\n#error -Wp,-DKEPT was dropped\n#endif\nint k;\n');
    const entry = {
      directory: join(root, 'build'),
      file: '../k.c',
      arguments: ['gcc', '-Wp,-MMD,.k.o.d,-DKEPT', '-Wp,-MD,deps.d', '--output=k.o', '-c', '../k.c'],
    };
    writeFileSync(join(root, 'build', 'compile_commands.json'), JSON.stringify([entry]));
    const { code, stdout } = await cli(['-p', join(root, 'build'), '--no-cache']);
    expect(stdout).toMatch(/^PASS /);
    expect(code).toBe(0);
    expect(readdirSync(join(root, 'build'))).toEqual(['compile_commands.json']);
  });

  it('passes with -p, each entry with its own flags, defines and directory', async () => {
    const { code, stdout } = await cli(['-p', 'project/build']);
    expect(code).toBe(0);
    expect(passed(stdout)).toEqual(['project/src/add.cpp', 'project/src/main.cpp', 'project/src/checksum.c']);
  });

  it('a file that needs a define from compile_commands.json fails without -p and passes with it', async () => {
    const without = await cli(['-c', '-I', 'project/include', 'project/src/add.cpp']);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain(
      'project/src/add.cpp:6:2: error: #error PROJECT_FLAG is defined by the build (see build/compile_commands.json)',
    );
    const withP = await cli(['-p', 'project/build', 'project/src/add.cpp']);
    expect(withP.code).toBe(0);
    expect(passed(withP.stdout)).toEqual(['project/src/add.cpp']);
  });

  it('-p with --json names the database and each directory; diagnostics are named from here', async () => {
    const root = copyProject('broken');
    writeFileSync(join(root, 'include', 'add.h'), '#pragma once\nstatic_assert(false, "broken header");\n');
    const { code, stdout } = await cli(['--json', '-p', 'build', 'src/add.cpp'], { cwd: root });
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ mode: 'compile-only', project: 'build/compile_commands.json', failed: 1 });
    expect(doc.results[0]).toMatchObject({
      path: 'src/add.cpp',
      directory: join(root, 'build'),
      kind: 'compile-error',
    });
    // The compiler said `../include/add.h` (from build/): shown from the current directory.
    expect(doc.results[0].diagnostics[0]).toMatchObject({ file: 'include/add.h', line: 2, severity: 'error' });
  });

  it("keys the cache on the entry's flags: a changed define is compiled again", async () => {
    const root = copyProject('cache');
    const cacheDir = join(temp.dir, 'project-cache');
    const check = async () => {
      const db = await readCompileCommands('build', root);
      if (!db.ok) throw new Error(db.error.message);
      return compileProject(db.commands.slice(0, 1), { cwd: root, cacheDir });
    };
    expect((await check()).map((r) => [r.kind, r.cached])).toEqual([['ok', false]]);
    expect((await check()).map((r) => [r.kind, r.cached])).toEqual([['ok', true]]);
    const db = join(root, 'build', 'compile_commands.json');
    writeFileSync(db, readFileSync(db, 'utf8').replace('-DPROJECT_FLAG=1', '-DOTHER=1'));
    const [changed] = await check();
    expect(changed).toMatchObject({ kind: 'compile-error', cached: false });
    // A header found through the entry's -I is in the key too.
    writeFileSync(db, readFileSync(db, 'utf8').replace('-DOTHER=1', '-DPROJECT_FLAG=1'));
    expect((await check()).map((r) => r.cached)).toEqual([true]);
    writeFileSync(join(root, 'include', 'add.h'), '#pragma once\nint add(int a, int b);\nint sub(int, int);\n');
    expect((await check()).map((r) => r.cached)).toEqual([false]);
  });

  it('-c -o DIR keeps one object per source, in the same tree', async () => {
    const objects = join(temp.dir, 'objects');
    const { code } = await cli(['-c', '-o', objects, '-I', 'project/include', '-DPROJECT_FLAG', 'project/src']);
    expect(code).toBe(0);
    for (const name of ['add.o', 'main.o', 'checksum.o'])
      expect(existsSync(join(objects, 'project/src', name))).toBe(true);
  });

  it("keeps the linker's undefined reference to main as a diagnostic (--json), not only collect2's line", async () => {
    const { code, stdout } = await cli(['--json', '-I', 'project/include', '-DPROJECT_FLAG', 'project/src/add.cpp']);
    expect(code).toBe(1);
    const messages = JSON.parse(stdout).results[0].diagnostics.map((d: { message: string }) => d.message);
    expect(messages).toEqual(["undefined reference to `main'", 'collect2: ld returned 1 exit status']);
  });

  it('a C file that is invalid C++ passes as C, with gcc; as C++ it fails', async () => {
    const asC = await cli(['--json', 'project/src/checksum.c']);
    expect(asC.code).toBe(1); // linked: no main
    const c = await cli(['--json', '-c', 'project/src/checksum.c']);
    expect(c.code).toBe(0);
    const doc = JSON.parse(c.stdout);
    expect(doc.compilers).toEqual([expect.stringMatching(/^gcc /)]);
    expect(doc.results[0].command).toMatch(/^gcc -O2 /);
    const asCpp = await cli(['-c', '--cc', 'g++', 'project/src/checksum.c']);
    expect(asCpp.code).toBe(1);
    expect(asCpp.stdout).toContain("error: invalid conversion from 'void*' to 'char*'");
  });

  it('a file named -dash.cpp is a file, never an option', async () => {
    const { code, stdout } = await cli(['--', '-dash.cpp'], { cwd: join(corpus, 'names') });
    expect(stdout).toMatch(/^PASS -dash\.cpp \(/);
    expect(code).toBe(0);
  });

  it('prints a file name with a newline escaped, on one line', async () => {
    const dir = join(temp.dir, 'names');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'two\nlines.cpp'), 'int main() { return 0 }\n');
    const { code, stdout } = await cli(['two\nlines.cpp', '--no-cache'], { cwd: dir });
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('FAIL two\\nlines.cpp');
    expect(lines[1]).toBe("two\\nlines.cpp:1:22: error: expected ';' before '}' token");
  });

  it('shows a progress line on a TTY while the precompiled header builds, once', async () => {
    const cacheDir = join(temp.dir, 'fresh-cache');
    const tty = await cli(['contest/01-dijkstra.cpp', '--cache-dir', cacheDir], { isTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/building the precompiled header for g\+\+ \d+ -O2, once: ~4 s/);
    expect(tty.stdout).toContain('\r\x1b[2K');
    const again = await cli(['contest/02-segment-tree.cpp', '--cache-dir', cacheDir], { isTTY: true });
    expect(again.stdout).not.toContain('building the precompiled header');
    const piped = await cli(['contest/03-kruskal-dsu.cpp', '--cache-dir', join(temp.dir, 'other-cache')]);
    expect(piped.stdout).not.toContain('building the precompiled header');
    // Two PCH builds of about 4 s each, many more on a loaded machine.
  }, 180_000);

  it.each([
    [['-p', 'project'], 'No compile_commands.json in project', /^Give the build directory/],
    [
      ['-p', 'project/build', 'hello world.cpp'],
      'hello world.cpp is not in project/build/compile_commands.json',
      /^Check/,
    ],
    [['--format', 'xml', 'hello world.cpp'], "--format needs text, json or github, got 'xml'", /^Run/],
    [
      ['-c', '-o', 'hello world.cpp', 'contest'],
      "-o with -c names a directory for the object files, got the file 'hello world.cpp'",
      /^Give a directory/,
    ],
    [
      ['-c', '-o', 'out.o', 'contest'],
      "-o with -c names a directory for the object files, got the file 'out.o'",
      /^Give/,
    ],
  ])('exits 2 before compiling anything: %j', async (argv, message, hint) => {
    const { code, stdout, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [line, hintLine, rest] = stderr.split('\n');
    expect(line).toBe(`compile-check: ${message}`);
    expect(hintLine).toMatch(hint);
    expect(rest).toBe('');
  });

  it('exits 2 for a malformed compile_commands.json, naming the entry', async () => {
    const dir = join(temp.dir, 'bad-build');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'compile_commands.json'), '[{"directory": "/", "file": "a.cpp"}]');
    const { code, stderr } = await cli(['-p', dir]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `compile-check: Expected entry 0 of ${dir}/compile_commands.json to have \`arguments\` (an array) or \`command\` (a string), got neither\n` +
        'Regenerate it with the build system (CMake: -DCMAKE_EXPORT_COMPILE_COMMANDS=ON), or fix the entry named.\n',
    );
  });

  it('exits 2 when an entry names a compiler that is not there', async () => {
    const root = copyProject('no-compiler');
    const db = join(root, 'build', 'compile_commands.json');
    writeFileSync(db, readFileSync(db, 'utf8').replaceAll('c++ ', 'no-such-c++ '));
    const { code, stderr } = await cli(['-p', 'build'], { cwd: root });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'compile-check: Compiler `no-such-c++` could not be started (ENOENT): is it installed and on PATH?\n' +
        'build/compile_commands.json names it for src/add.cpp: install it, or pass --compiler (C++) or --cc (C).\n',
    );
  });
});
