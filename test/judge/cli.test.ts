import { beforeAll, describe, expect, it } from 'vitest';
import { buildJudgeArgs, parseChecker } from '../../src/cli/judge/args.js';
import { formatDiff } from '../../src/cli/judge/format.js';
import { judgeTool } from '../../src/cli/judge/main.js';
import { parseCommandLine } from '../../src/cli/kit/index.js';
import { compileFixtures, fixture, runJudgeCommand } from './helpers.js';

const parseJudgeArgs = (argv: string[]) => parseCommandLine(judgeTool, argv);
const usageError = (message: string) => ({ kind: 'usage-error', message, hint: "Run 'judge --help' for the options." });

describe('judge command line', () => {
  it('reads the limits, checker and switches', () => {
    const parsed = parseJudgeArgs([
      'a.cpp',
      'tests/',
      '--time-limit',
      '1.5s',
      '--memory-limit',
      '1g',
      '--checker',
      'float:1e-9',
      '--json',
      '-j',
      '2',
      '--all',
    ]);
    expect(parsed).toEqual({
      kind: 'run',
      args: {
        program: 'a.cpp',
        files: ['a.cpp'],
        tests: 'tests/',
        language: undefined,
        main: undefined,
        includeDirs: [],
        grader: [],
        extraFiles: [],
        languagesFile: undefined,
        listLanguages: false,
        timeLimitMs: 1500,
        wallTimeLimitMs: undefined,
        memoryLimitMb: 1024,
        outputLimitMb: undefined,
        stackLimitMb: undefined,
        processLimit: undefined,
        checker: { float: 1e-9 },
        json: true,
        jobs: 2,
        all: true,
        sandbox: 'auto',
        accounting: 'auto',
        std: undefined,
      },
    });
  });
  it('leaves the limits to the library, with tokens and one job', () => {
    expect(parseJudgeArgs(['a', 't'])).toMatchObject({
      kind: 'run',
      args: { timeLimitMs: undefined, memoryLimitMb: undefined, checker: 'tokens', jobs: 1, json: false },
    });
  });
  it('refuses malformed values, naming the option', () => {
    expect(parseJudgeArgs(['a', 't', '--time-limit', 'soon'])).toEqual(
      usageError("--time-limit needs a duration such as 500ms or 2s, got 'soon'"),
    );
    expect(parseJudgeArgs(['a', 't', '--memory-limit', '0m'])).toMatchObject({ kind: 'usage-error' });
    expect(parseJudgeArgs(['a', 't', '--checker', 'fuzzy'])).toMatchObject({ kind: 'usage-error' });
    expect(parseJudgeArgs(['a', 't', '--jobs', '0'])).toMatchObject({ kind: 'usage-error' });
    expect(parseJudgeArgs(['a', 't', '--accounting', 'docker'])).toEqual(
      usageError("--accounting needs auto, cgroup or rlimit, got 'docker'"),
    );
    expect(parseJudgeArgs(['a', 't', '--sandbox', 'docker'])).toEqual(
      usageError("--sandbox needs auto, bwrap or none, got 'docker'"),
    );
    expect(parseJudgeArgs(['a', 't', '--fast'])).toEqual(usageError("Unknown option '--fast'"));
    expect(parseJudgeArgs(['a'])).toEqual(
      usageError('Expected a program (or its source files) and a tests dir, got 1 argument'),
    );
  });
  it('needs a unit on every duration and size, and refuses absurd limits and unknown standards', () => {
    expect(parseJudgeArgs(['a', 't', '--time-limit', '30'])).toEqual(
      usageError("--time-limit needs a unit: 30s or 30ms, got '30'"),
    );
    expect(parseJudgeArgs(['a', 't', '--memory-limit', '256'])).toEqual(
      usageError("--memory-limit needs a unit: 256m (MiB) or 256k (KiB), got '256'"),
    );
    expect(parseJudgeArgs(['a', 't', '--time-limit', '0.0001s'])).toEqual(
      usageError("--time-limit must be from 1ms to 1440m, got '0.0001s'"),
    );
    expect(parseJudgeArgs(['a', 't', '--memory-limit', '2t'])).toMatchObject({ kind: 'usage-error' });
    expect(parseJudgeArgs(['a', 't', '--std', 'c++99x'])).toEqual(
      usageError("--std needs a language standard such as c++17 or gnu++20, got 'c++99x'"),
    );
  });
  it('parses units and checkers', () => {
    const args = (...argv: string[]) => {
      const parsed = parseJudgeArgs(['a', 't', ...argv]);
      return parsed.kind === 'run' ? parsed.args : parsed;
    };
    expect(args('--time-limit', '500ms', '--wall-time-limit', '2s')).toMatchObject({
      timeLimitMs: 500,
      wallTimeLimitMs: 2000,
    });
    expect(args('--memory-limit', '512MB', '--output-limit', '65536k', '--stack-limit', '8m')).toMatchObject({
      memoryLimitMb: 512,
      outputLimitMb: 64,
      stackLimitMb: 8,
    });
    expect([parseChecker('lines'), parseChecker('float'), parseChecker('./check.cpp')]).toEqual([
      'lines',
      { float: 1e-6 },
      { testlib: './check.cpp' },
    ]);
    expect(buildJudgeArgs).toBeTypeOf('function');
  });
});

describe('formatDiff', () => {
  it('marks the first differing token on its line in both texts', () => {
    expect(formatDiff('1 2\n3 4 5\n', '1 2\n3 40 5\n')).toBe(
      'first difference at token 4:\n' +
        '  expected line 2: 3 4 5\n' +
        '                     ^\n' +
        '  got      line 2: 3 40 5\n' +
        '                     ^^\n',
    );
  });
  it('marks the end of a short output', () => {
    expect(formatDiff('1 2', '1')).toContain('  got      line 1: 1\n                    ^ (end of output)\n');
  });
});

describe('judge CLI', () => {
  let bin: Record<string, string>;
  beforeAll(async () => {
    bin = await compileFixtures(['aplusb/ac.cpp', 'aplusb/wa.cpp', 'aplusb/tle-busy.cpp']);
  });
  const run = runJudgeCommand;

  it('AC: a line a test and the summary, exit 0', async () => {
    const { code, stdout } = await run([
      bin['aplusb/ac.cpp']!,
      fixture('aplusb/tests'),
      '--time-limit',
      '1s',
      '--memory-limit',
      '256m',
    ]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]).toMatch(/^#1 AC \d+ ms \d+\.\d MB$/);
    expect(lines[12]).toMatch(/^verdict: AC \(12 passed, max \d+ ms, \d+\.\d MB\)$/);
  });

  it('WA: the failing line, the diff with the token marked, the summary, exit 1', async () => {
    const { code, stdout } = await run([bin['aplusb/wa.cpp']!, fixture('aplusb/tests')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /^#1 AC .*\n#2 AC .*\n#3 WA \d+ ms \d+\.\d MB {2}1st words differ - expected: '0', found: '10'\n/,
    );
    expect(stdout).toContain(
      '--- test 3: expected vs got\nfirst difference at token 1:\n  expected line 1: 0\n                   ^\n  got      line 1: 10\n                   ^^\n',
    );
    expect(stdout.endsWith('verdict: WA on test 3 (2 passed, 1 failed)\n')).toBe(true);
  });

  it('TLE in parallel with --all: every test, in order, exit 1', async () => {
    const { code, stdout } = await run([
      bin['aplusb/tle-busy.cpp']!,
      fixture('sort/tests'),
      '--time-limit',
      '200ms',
      '--all',
      '-j',
      '2',
    ]);
    expect(code).toBe(1);
    expect(
      stdout
        .split('\n')
        .filter((line) => line.startsWith('#'))
        .map((line) => line.split(' ').slice(0, 2).join(' ')),
    ).toEqual(['#1 TLE', '#2 TLE', '#3 TLE', '#4 TLE', '#5 TLE']);
    expect(stdout).toContain('verdict: TLE on test 1 (0 passed, 5 failed)');
  });

  it('CE: the compiler errors and exit 1', async () => {
    const { code, stdout } = await run([fixture('aplusb/ce.cpp'), fixture('aplusb/tests')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/ce\.cpp:4:3: error: expected initializer before 'scanf'\n/);
    expect(stdout.endsWith('verdict: CE (compilation failed)\n')).toBe(true);
  });

  it('--json prints the report', async () => {
    const { code, stdout } = await run([bin['aplusb/wa.cpp']!, fixture('aplusb/tests'), '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ verdict: 'WA', failedTest: '3', passed: 2, failed: 1 });
    expect(report.tests[2]).toMatchObject({ name: '3', verdict: 'WA' });
  });

  it('usage errors and judge errors exit 2', async () => {
    const usage = await run(['only-one']);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toBe(
      "judge: Expected a program (or its source files) and a tests dir, got 1 argument\nRun 'judge --help' for the options.\n",
    );
    const missing = await run([bin['aplusb/ac.cpp']!, '/nonexistent/tests']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/^verdict: IE \(cannot read the tests: ENOENT/);
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0 });
    expect(help.stdout).toMatch(/^Usage: judge/);
    expect(help.stdout).toContain('[default: 1s]');
    expect(await run(['--version'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^judge \d+\.\d+\.\d+\n$/),
    });
  });
});
