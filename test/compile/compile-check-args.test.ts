import { describe, expect, it } from 'vitest';
import { compileCheckTool } from '../../src/cli/compile-check/main.js';
import { parseCommandLine } from '../../src/cli/kit/index.js';

const parseCompileCheckArgs = (argv: string[]) => parseCommandLine(compileCheckTool, argv);
const parse = (...argv: string[]) => parseCompileCheckArgs(argv);

describe('compile-check command line', () => {
  it('takes files and every option', () => {
    const parsed = parse(
      'a.cpp',
      '--std',
      'c++17',
      '-O0',
      '-I',
      'inc',
      '-Ilib',
      '-D',
      'LOCAL',
      '-DN=5',
      '--flags',
      '-Wall -Wextra',
      '--flags=-g',
      '--compiler',
      'clang++',
      '--werror',
      '--syntax-only',
      '--timeout',
      '2.5s',
      '--jobs',
      '3',
      '--no-cache',
      '--no-pch',
      '--json',
      '--junit',
      'r.xml',
      '-o',
      'a.out',
      '--memory-limit',
      '512m',
      '--cache-dir',
      'c',
      '--sandbox',
      'bwrap',
    );
    expect(parsed).toEqual({
      kind: 'run',
      args: {
        paths: ['a.cpp'],
        format: 'json',
        junit: 'r.xml',
        sarif: undefined,
        compileOnly: false,
        project: undefined,
        cc: undefined,
        output: 'a.out',
        std: 'c++17',
        optimize: '-O0',
        includeDirs: ['inc', 'lib'],
        defines: ['LOCAL', 'N=5'],
        flags: ['-Wall', '-Wextra', '-g'],
        compiler: 'clang++',
        werror: true,
        syntaxOnly: true,
        timeoutMs: 2500,
        memoryLimitMb: 512,
        jobs: 3,
        cache: false,
        pch: false,
        cacheDir: 'c',
        sandbox: 'bwrap',
      },
    });
  });

  it('has defaults that leave the library defaults alone', () => {
    const parsed = parse('a.cpp', 'dir');
    expect(parsed.kind === 'run' && parsed.args).toMatchObject({
      paths: ['a.cpp', 'dir'],
      optimize: undefined,
      timeoutMs: undefined,
      jobs: undefined,
      cache: true,
      pch: true,
      format: undefined,
      compileOnly: false,
      project: undefined,
      sandbox: 'none',
    });
  });

  it.each([
    [['--fast', 'a.cpp'], "Unknown option '--fast'"],
    [[], 'No files to check: give C or C++ files, directories, or -p BUILD_DIR'],
    [['a.cpp', '--format', 'xml'], "--format needs text, json or github, got 'xml'"],
    [['a.cpp', '--json', '--format', 'github'], '--json is --format json: it cannot go with --format github'],
    [
      ['a.cpp', '-c', '--syntax-only'],
      '-c and --syntax-only cannot go together: -c compiles to objects, --syntax-only generates no code',
    ],
    [['-p'], "Option '-p, --project <value>' needs a value"],
    [['a.cpp', '--jobs', '0'], "--jobs needs an integer from 1 to 1024, got '0'"],
    [['a.cpp', '--timeout', 'soon'], "--timeout needs a duration such as 500ms or 2s, got 'soon'"],
    [['a.cpp', '--timeout', '30'], "--timeout needs a unit: 30s or 30ms, got '30'"],
    [['a.cpp', '--timeout', '0.0001s'], "--timeout must be from 1ms to 2147483647ms, got '0.0001s'"],
    [['a.cpp', '-O9'], "-O needs 0, 1, 2, 3, s, g or fast (as in -O2), got '9'"],

    [['a.cpp', '--std'], "Option '--std <value>' needs a value"],
    [['a.cpp', '--std', 'c++99x'], "--std needs a language standard such as c++17, gnu++20 or c11, got 'c++99x'"],
    [['a.cpp', '--memory-limit', 'lots'], "--memory-limit needs a size such as 256m or 1g, got 'lots'"],
    [['a.cpp', '--sandbox', 'yes'], "--sandbox needs none, bwrap or auto, got 'yes'"],
    [['a.cpp', '--memory-limit', '2048'], "--memory-limit needs a unit: 2048m (MiB) or 2048k (KiB), got '2048'"],
  ])('refuses %j with one line and a hint', (argv, message) => {
    const parsed = parseCompileCheckArgs(argv);
    expect(parsed).toEqual({ kind: 'usage-error', message, hint: "Run 'compile-check --help' for the options." });
  });

  it('refuses -o with several files unless -c, and says how to keep objects', () => {
    expect(parse('a.cpp', 'b.cpp', '-o', 'x')).toEqual({
      kind: 'usage-error',
      message: '-o keeps the binary of one file, but more than one was given',
      hint: '-c -o DIR keeps one object file per source in DIR.',
    });
    expect(parse('a.cpp', 'b.cpp', '-c', '-o', 'objects')).toMatchObject({
      kind: 'run',
      args: { compileOnly: true, output: 'objects' },
    });
  });

  it('reads -c, -p, --cc, --format, --sarif; --json is --format json', () => {
    expect(parse('-c', '-p', 'build', '--cc', 'clang', '--format', 'github', '--sarif', 'r.sarif')).toMatchObject({
      kind: 'run',
      args: { paths: [], compileOnly: true, project: 'build', cc: 'clang', format: 'github', sarif: 'r.sarif' },
    });
    expect(parse('a.c', '--compile-only', '--project=b')).toMatchObject({
      args: { compileOnly: true, project: 'b' },
    });
    expect(parse('a.cpp', '--json', '--format', 'json')).toMatchObject({ args: { format: 'json' } });
    expect(parse('a.cpp', '--format', 'text')).toMatchObject({ args: { format: 'text' } });
  });

  it('needs no files for --help and --version', () => {
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('--version')).toEqual({ kind: 'version' });
  });

  it('reads durations and sizes with units, and none', () => {
    const args = (...argv: string[]) => {
      const parsed = parse('a.cpp', ...argv);
      return parsed.kind === 'run' ? parsed.args : parsed;
    };
    expect(args('--timeout', '30s')).toMatchObject({ timeoutMs: 30_000 });
    expect(args('--timeout', '250ms')).toMatchObject({ timeoutMs: 250 });
    expect(args('--timeout', '1.5s')).toMatchObject({ timeoutMs: 1500 });
    expect(args('--memory-limit', '2g')).toMatchObject({ memoryLimitMb: 2048 });
    expect(args('--memory-limit', 'none')).toMatchObject({ memoryLimitMb: false });
  });
});
