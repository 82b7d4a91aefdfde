import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/judge.js';
import { parseChecker, parseDurationMs, parseJudgeArgs, parseSizeMb } from '../../src/cli/judge-args.js';
import { formatDiff } from '../../src/cli/judge-format.js';
import { CACHE_DIR, compileFixtures, fixture } from './helpers.js';

describe('parseJudgeArgs', () => {
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
      ok: true,
      args: {
        program: 'a.cpp',
        tests: 'tests/',
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
        std: undefined,
      },
    });
  });
  it('has defaults: 1 s, 256 MB, tokens, one job', () => {
    expect(parseJudgeArgs(['a', 't'])).toMatchObject({
      ok: true,
      args: { timeLimitMs: 1000, memoryLimitMb: 256, checker: 'tokens', jobs: 1, json: false },
    });
  });
  it('refuses malformed values, naming the option', () => {
    expect(parseJudgeArgs(['a', 't', '--time-limit', 'soon'])).toEqual({
      ok: false,
      message: "Expected --time-limit to be a duration like 1s or 500ms, got 'soon'",
    });
    expect(parseJudgeArgs(['a', 't', '--memory-limit', '0'])).toMatchObject({ ok: false });
    expect(parseJudgeArgs(['a', 't', '--checker', 'fuzzy'])).toMatchObject({ ok: false });
    expect(parseJudgeArgs(['a', 't', '--jobs', '0'])).toMatchObject({ ok: false });
    expect(parseJudgeArgs(['a', 't', '--fast'])).toEqual({ ok: false, message: "Unknown option '--fast'" });
    expect(parseJudgeArgs(['a'])).toEqual({ ok: false, message: 'Expected a program and a tests dir, got 1 argument' });
  });
  it('parses units', () => {
    expect([parseDurationMs('500ms'), parseDurationMs('2s'), parseDurationMs('250'), parseDurationMs('-1s')]).toEqual([
      500,
      2000,
      250,
      undefined,
    ]);
    expect([
      parseSizeMb('256m'),
      parseSizeMb('512MB'),
      parseSizeMb('2g'),
      parseSizeMb('65536k'),
      parseSizeMb('64'),
    ]).toEqual([256, 512, 2048, 64, 64]);
    expect([parseChecker('lines'), parseChecker('float'), parseChecker('./check.cpp')]).toEqual([
      'lines',
      { float: 1e-6 },
      { testlib: './check.cpp' },
    ]);
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
  async function run(argv: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { SAFERUN_CACHE_DIR: CACHE_DIR },
    });
    return { code, stdout, stderr };
  }

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
    expect((await run(['only-one'])).code).toBe(2);
    const missing = await run([bin['aplusb/ac.cpp']!, '/nonexistent/tests']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/^verdict: IE \(cannot read the tests: ENOENT/);
    const help = await run(['--help']);
    expect(help).toMatchObject({ code: 0 });
    expect(help.stdout).toMatch(/^Usage: judge/);
  });
});
