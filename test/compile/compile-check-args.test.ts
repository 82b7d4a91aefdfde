import { describe, expect, it } from 'vitest';
import { parseCompileCheckArgs, parseDuration } from '../../src/cli/compile-check-args.js';

const parse = (...argv: string[]) => parseCompileCheckArgs(argv);

describe('parseCompileCheckArgs', () => {
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
      '2.5',
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
      '512',
      '--cache-dir',
      'c',
    );
    expect(parsed).toEqual({
      ok: true,
      args: {
        paths: ['a.cpp'],
        json: true,
        junit: 'r.xml',
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
        help: false,
        version: false,
      },
    });
  });

  it('has defaults that leave the library defaults alone', () => {
    const parsed = parse('a.cpp', 'dir');
    expect(parsed.ok && parsed.args).toMatchObject({
      paths: ['a.cpp', 'dir'],
      optimize: undefined,
      timeoutMs: undefined,
      jobs: undefined,
      cache: true,
      pch: true,
      json: false,
    });
  });

  it.each([
    [['--fast', 'a.cpp'], "Unknown option '--fast'"],
    [[], 'No files to check: give C++ files or directories'],
    [['a.cpp', '--jobs', '0'], "--jobs expects a positive integer, got '0'"],
    [['a.cpp', '--timeout', 'soon'], "--timeout expects seconds such as 30, 2.5 or 500ms, got 'soon'"],
    [['a.cpp', '-O9'], "-O expects 0, 1, 2, 3, s, g or fast (as in -O2), got '9'"],
    [['a.cpp', 'b.cpp', '-o', 'x'], '-o keeps the binary of one file, but more than one was given'],
    [['a.cpp', '--std'], "Option '--std <value>' needs a value"],
    [['a.cpp', '--memory-limit', 'lots'], "--memory-limit expects MiB (a positive integer) or 'none', got 'lots'"],
  ])('refuses %j with one line and a hint', (argv, message) => {
    const parsed = parseCompileCheckArgs(argv);
    expect(parsed).toEqual({ ok: false, message, hint: "Run 'compile-check --help' for the options." });
  });

  it('needs no files for --help and --version', () => {
    expect(parse('--help')).toMatchObject({ ok: true, args: { help: true } });
    expect(parse('-v')).toMatchObject({ ok: true, args: { version: true } });
  });

  it('reads durations', () => {
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration('0.5')).toBe(500);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('0')).toBeUndefined();
    expect(parseDuration('-1')).toBeUndefined();
  });
});
