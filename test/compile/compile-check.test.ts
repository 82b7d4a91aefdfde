import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from '../../src/process/index.js';
import { corpus, fixtures, makeTempDir, runCompileCheck } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
let env: NodeJS.ProcessEnv;
beforeAll(() => {
  temp = makeTempDir('compile-check');
  env = { SAFERUN_CACHE_DIR: join(temp.dir, 'cache') };
  process.env.SAFERUN_CACHE_DIR = env.SAFERUN_CACHE_DIR;
});
afterAll(() => temp.remove());

function cli(argv: string[], extra: { isTTY?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  return runCompileCheck(argv, { ...extra, env: { ...env, ...extra.env } });
}

describe('compile-check', () => {
  it('refuses a cache dir it cannot use, before compiling: one line, a hint, exit 2', async () => {
    const { code, stdout, stderr } = await cli(['--cache-dir', '/proc', join(fixtures, 'program.cpp')]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toBe(
      'compile-check: Cannot use the cache dir /proc (ENOENT): it must be a dir this user can write\nPass --cache-dir a writable dir, or --no-cache --no-pch.\n',
    );
  });

  it('passes a good file: PASS line, summary, exit 0', async () => {
    const { code, stdout, stderr } = await cli([join(fixtures, 'program.cpp')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      new RegExp(`^PASS ${join(fixtures, 'program.cpp')} \\(\\d+\\.\\d\\d s\\)\\n1 passed, 0 failed\\n$`),
    );
  });

  it('fails a bad file with GCC-style diagnostics and the source line, exit 1', async () => {
    const { code, stdout } = await cli(['errors/syntax-error.cpp', 'hello world.cpp', '--no-cache']);
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        'FAIL errors/syntax-error.cpp',
        "errors/syntax-error.cpp:5:5: error: expected ',' or ';' before 'for'",
        '    5 |     for (int i = 0; i < 10; i++) total += i;',
        '      |     ^',
      ].join('\n'),
    );
    expect(stdout).toMatch(/^PASS hello world\.cpp \(/m);
    expect(stdout.endsWith('1 passed, 1 failed\n')).toBe(true);
    expect(stdout).not.toContain('\x1b[');
  });

  it('reports linker errors and warnings', async () => {
    const { code, stdout } = await cli(['errors/link-error.cpp', 'warnings/warnings-only.cpp']);
    expect(code).toBe(1);
    expect(stdout).toContain(
      "FAIL errors/link-error.cpp\nerrors/link-error.cpp: error: undefined reference to `solve(int)'\n",
    );
    expect(stdout).toMatch(/^PASS warnings\/warnings-only\.cpp \(\d+\.\d\d s, 2 warnings\)$/m);
  });

  it('says why a file failed when a limit ended it', async () => {
    const { code, stdout } = await cli(['errors/template-bomb.cpp', '--timeout', '500ms']);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'FAIL errors/template-bomb.cpp (timeout)\nerror: compilation stopped: it took longer than the 500 ms limit\n',
    );
  });

  it('caps the diagnostics shown for a file with thousands of errors', async () => {
    const { stdout } = await cli(['errors/many-errors.cpp', '--syntax-only']);
    expect(stdout).toMatch(/^FAIL errors\/many-errors\.cpp \(output-limit\)$/m);
    expect(stdout).toMatch(/^\.\.\. and \d+ more diagnostics \(--json shows them all\)$/m);
    expect(stdout.split('\n').filter((line) => line.includes(': error: ')).length).toBe(30);
  });

  it('colours on a TTY only, and never with NO_COLOR; shows progress on a TTY', async () => {
    const tty = await cli(['errors/syntax-error.cpp', 'hello world.cpp'], { isTTY: true });
    expect(tty.stdout).toContain('\x1b[');
    expect(tty.stdout).toContain('[0/2] compiling...');
    expect(tty.stdout).toContain('\r\x1b[2K');
    const noColor = await cli(['errors/syntax-error.cpp'], { isTTY: true, env: { NO_COLOR: '1' } });
    // eslint-disable-next-line no-control-regex -- an ANSI colour escape starts with ESC
    expect(noColor.stdout).not.toMatch(/\x1b\[[0-9;]*m/);
    expect(noColor.stdout).toContain('FAIL errors/syntax-error.cpp');
  });

  it('expands directories to their C++ files, sorted', async () => {
    const dir = join(temp.dir, 'tree');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'b.cpp'), 'int main() {}\n');
    writeFileSync(join(dir, 'sub', 'a.cc'), 'int main() {}\n');
    writeFileSync(join(dir, 'notes.txt'), 'not C++\n');
    const { code, stdout } = await cli([dir]);
    expect(code).toBe(0);
    expect(
      stdout
        .split('\n')
        .filter((l) => l.startsWith('PASS'))
        .map((l) => l.split(' ')[1]),
    ).toEqual([join(dir, 'b.cpp'), join(dir, 'sub', 'a.cc')]);
  });

  it('prints one JSON document with --json', async () => {
    const { code, stdout } = await cli(['--json', 'errors/type-error.cpp', 'hello world.cpp']);
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ tool: 'compile-check', passed: 1, failed: 1 });
    expect(doc.results.map((r: { path: string; kind: string }) => [r.path, r.kind])).toEqual([
      ['errors/type-error.cpp', 'compile-error'],
      ['hello world.cpp', 'ok'],
    ]);
    expect(doc.results[0].diagnostics[0]).toMatchObject({
      file: 'errors/type-error.cpp',
      line: 6,
      column: 24,
      severity: 'error',
    });
  });

  it('writes JUnit XML with --junit', async () => {
    const report = join(temp.dir, 'junit.xml');
    const { code } = await cli(['--junit', report, 'errors/type-error.cpp', 'hello world.cpp']);
    expect(code).toBe(1);
    const xml = readFileSync(report, 'utf8');
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="compile-check" tests="2" failures="1"/,
    );
    expect(xml).toContain('<testcase classname="compile-check" name="hello world.cpp" time="');
    expect(xml).toContain(
      '<failure type="compile-error" message="conversion from \'std::vector&lt;int&gt;\' to non-scalar type',
    );
  });

  it('says so in one line and exits 2 when the --junit report cannot be written', async () => {
    const report = join(temp.dir, 'missing-dir', 'junit.xml');
    const { code, stderr } = await cli(['--junit', report, 'hello world.cpp']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `compile-check: cannot write the JUnit report ${report}: ENOENT: no such file or directory, open '${report}.${process.pid}.tmp'\nCheck that the directory of --junit exists and is writable.\n`,
    );
  });

  it('keeps the binary with -o', async () => {
    const output = join(temp.dir, 'hello');
    const { code } = await cli(['hello world.cpp', '-o', output]);
    expect(code).toBe(0);
    expect((await execFile(output)).stdout).toBe('hello, world');
  });

  it('refuses a source file as the file of --sarif, --junit or -o (its name forgotten): exit 2, the source intact', async () => {
    const dir = join(temp.dir, 'forgotten-report');
    mkdirSync(dir, { recursive: true });
    const [a, b] = [join(dir, 'a.cpp'), join(dir, 'b.cpp')];
    for (const file of [a, b]) writeFileSync(file, 'int main() { return 0; }\n');
    for (const option of ['--sarif', '--junit', '-o']) {
      const { code, stdout, stderr } = await cli([option, a, b]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        new RegExp(`^compile-check: ${option} names where to write, and '.*a\\.cpp' is a source file`),
      );
      expect(readFileSync(a, 'utf8')).toBe('int main() { return 0; }\n');
    }
  });

  it('prints the escape sequences of a message or a source line escaped, never to the terminal', async () => {
    const dir = join(temp.dir, 'escapes');
    mkdirSync(dir, { recursive: true });
    // An OSC 52 write to the clipboard, then an erase of the line and a move up.
    const hostile = '\u001b]52;c;aGk=\u0007\u001b[2K\u001b[1A';
    writeFileSync(join(dir, 'e.cpp'), `#error ${hostile}\nint main() {}\n`);
    const { code, stdout } = await cli([join(dir, 'e.cpp')]);
    expect(code).toBe(1);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).not.toContain('\u0007');
    expect(stdout).toContain('error: #error \\x1b]52;c;aGk=\\x07\\x1b[2K\\x1b[1A\n');
    expect(stdout).toContain('    1 | #error \\x1b]52;c;aGk=\\x07\\x1b[2K\\x1b[1A\n');
  });

  it('passes -D, -I, --std and --werror to the compiler', async () => {
    const dir = join(temp.dir, 'flags');
    mkdirSync(join(dir, 'inc'), { recursive: true });
    writeFileSync(join(dir, 'inc', 'v.h'), '#define V 1\n');
    writeFileSync(
      join(dir, 'f.cpp'),
      '#include <v.h>\n#if !defined(LOCAL) || __cplusplus != 201103L\n#error flags\n#endif\nint main() { return V - 1; }\n',
    );
    expect((await cli([join(dir, 'f.cpp'), '-DLOCAL', '-I', join(dir, 'inc'), '--std', 'c++11'])).code).toBe(0);
    expect((await cli([join(dir, 'f.cpp'), '-I', join(dir, 'inc'), '--std', 'c++11'])).code).toBe(1);
    expect((await cli(['warnings/warnings-only.cpp', '--werror'])).code).toBe(1);
  });

  it.each([
    [['--fast', 'x.cpp'], "compile-check: Unknown option '--fast'\nRun 'compile-check --help' for the options.\n"],
    [
      [],
      "compile-check: No files to check: give C or C++ files, directories, or -p BUILD_DIR\nRun 'compile-check --help' for the options.\n",
    ],
    [
      ['errors', '-o', 'x'],
      "compile-check: -o keeps the binary of one file, but 6 files were found\nRun 'compile-check --help' for the options.\n",
    ],
    [
      ['nope.cpp'],
      'compile-check: No such file or directory: nope.cpp\nCheck the path; directories are searched for .c, .cpp, .cc and .cxx files.\n',
    ],
    [
      ['hello world.cpp', '--compiler', 'no-such-g++'],
      'compile-check: Compiler `no-such-g++` could not be started (ENOENT): is it installed and on PATH?\nInstall g++ or pass --compiler PATH.\n',
    ],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, stdout, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(message);
  });

  it('prints help and version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: compile-check \[options\] <file\|dir>\.\.\./);
    const pkg = JSON.parse(readFileSync(resolve(fixtures, '../package.json'), 'utf8'));
    expect((await cli(['--version'])).stdout).toBe(`compile-check ${pkg.version}\n`);
  });

  it('runs as the bin shim, with the exit code', async () => {
    const bin = resolve(fixtures, '../bin/compile-check.js');
    // `npm test` builds dist/ first; run `npm run build` before running this file alone.
    expect(existsSync(resolve(fixtures, '../dist/cli/compile-check/main.js'))).toBe(true);
    const run = await execFile(process.execPath, [bin, 'errors/syntax-error.cpp'], { cwd: corpus, env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^FAIL errors\/syntax-error\.cpp$/m);
  });
});
