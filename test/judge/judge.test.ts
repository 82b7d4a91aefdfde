import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile/index.js';
import { judge, type JudgeRequest, type TestResult } from '../../src/judge/index.js';
import { CACHE_DIR, compileFixtures, fixture } from './helpers.js';

const APLUSB = [
  'ac',
  'wa',
  'tle-busy',
  'tle-sleep',
  'mle',
  'mle-gradual',
  'ole',
  're-segfault',
  're-div-zero',
  're-abort',
  're-exit',
].map((name) => `aplusb/${name}.cpp`);
const OTHERS = [
  'sort/ac.cpp',
  'sort/wa.cpp',
  'float/ac.cpp',
  'float/wa.cpp',
  'testlib/ac.cpp',
  'testlib/wa.cpp',
  'testlib/pe.cpp',
];
let bin: Record<string, string>;
beforeAll(async () => {
  bin = await compileFixtures([...APLUSB, ...OTHERS]);
});

const limits = { timeLimitMs: 500, memoryLimitMb: 64, outputLimitMb: 1, cacheDir: CACHE_DIR } as const;
const aplusb = (name: string, extra: Partial<JudgeRequest> = {}) =>
  judge({ binary: bin[`aplusb/${name}.cpp`]!, tests: fixture('aplusb/tests'), ...limits, ...extra });

describe('judge verdicts on A+B', () => {
  it('AC: every test passes, measured, in natural order', async () => {
    const seen: string[] = [];
    const report = await aplusb('ac', { onTest: (test) => seen.push(test.name) });
    expect(report).toMatchObject({ verdict: 'AC', passed: 12, failed: 0, skipped: 0, message: '' });
    expect(report.tests.map((test) => test.name)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
    ]);
    expect(seen).toEqual(report.tests.map((test) => test.name));
    expect(report.tests[0]).toMatchObject({
      verdict: 'AC',
      exitCode: 0,
      signal: null,
      message: '',
      checkerMessage: '',
    });
    expect(report.maxMemoryKb).toBeGreaterThan(0);
    expect(report.maxMemoryKb).toBe(Math.max(...report.tests.map((test) => test.memoryKb)));
  });

  it('WA: stops at the first failure, with the checker message and both texts', async () => {
    const report = await aplusb('wa');
    expect(report).toMatchObject({ verdict: 'WA', failedTest: '3', passed: 2, failed: 1, skipped: 9 });
    expect(report.tests[2]).toMatchObject({
      verdict: 'WA',
      checkerMessage: "1st words differ - expected: '0', found: '10'",
      output: '10\n',
      expected: '0\n',
    });
  });

  it('WA without stopOnFirstFailure: every test runs, the verdict is the first failure', async () => {
    const report = await aplusb('wa', { stopOnFirstFailure: false, jobs: 2 });
    expect(report).toMatchObject({ verdict: 'WA', failedTest: '3', skipped: 0 });
    expect(report.tests.map((test) => test.verdict).join(' ')).toBe('AC AC WA AC AC WA AC AC AC AC WA AC');
  });

  it('TLE (busy loop): killed at the CPU limit, never RE', async () => {
    // A wide wall limit: on a loaded machine a busy loop may get a third of a core; only the CPU limit may end it.
    const test = (await aplusb('tle-busy', { wallTimeLimitMs: 60_000 })).tests[0]!;
    expect(test).toMatchObject({ verdict: 'TLE', signal: 'SIGKILL', message: 'CPU time limit of 500 ms exceeded' });
    expect(test.cpuMs).toBeGreaterThanOrEqual(500);
    // With the default wall limit (3x), either limit may end it, but it is TLE and never RE.
    const loaded = (await aplusb('tle-busy')).tests[0]!;
    expect(loaded.verdict).toBe('TLE');
    expect(loaded.message).toMatch(/^(CPU|wall) time limit of \d+ ms exceeded$/);
  });

  it('TLE (sleep): killed at the wall limit, 3x the CPU limit by default', async () => {
    const test = (await aplusb('tle-sleep')).tests[0]!;
    expect(test).toMatchObject({ verdict: 'TLE', message: 'wall time limit of 1500 ms exceeded' });
    expect(test.wallMs).toBeGreaterThanOrEqual(1500);
  });

  it('MLE: a big vector, killed at the cgroup limit or failing to allocate under RLIMIT_AS (bad_alloc, SIGABRT)', async () => {
    const report = await aplusb('mle');
    // With a cgroup the kernel kills it when it touches the 65th MB; under RLIMIT_AS the allocation fails.
    const signal = report.accounting === 'cgroup' ? 'SIGKILL' : 'SIGABRT';
    expect(report.tests[0]).toMatchObject({ verdict: 'MLE', signal, message: 'memory limit of 64 MB exceeded' });
  });

  it('MLE: growing until allocation fails peaks near the limit', async () => {
    const test = (await aplusb('mle-gradual')).tests[0]!;
    expect(test.verdict).toBe('MLE');
    expect(test.memoryKb).toBeGreaterThan(40 * 1024);
  });

  it('OLE: output past the limit', async () => {
    const test = (await aplusb('ole')).tests[0]!;
    expect(test).toMatchObject({ verdict: 'OLE', message: 'output limit of 1 MB exceeded' });
  });

  it.each([
    ['re-segfault', 'SIGSEGV', null, 'killed by SIGSEGV'],
    ['re-div-zero', 'SIGFPE', null, 'killed by SIGFPE'],
    ['re-abort', 'SIGABRT', null, 'killed by SIGABRT'],
    ['re-exit', null, 3, 'exit code 3'],
  ])('RE: %s', async (name, signal, exitCode, message) => {
    const test = (await aplusb(name)).tests[0]!;
    expect(test).toMatchObject({ verdict: 'RE', signal, exitCode, message });
  });

  it('a plain abort far below the limit stays RE: the MLE heuristic needs bad_alloc or a peak near the limit', async () => {
    const report = await aplusb('re-abort', { memoryLimitMb: 32 });
    expect(report.verdict).toBe('RE');
  });
});

describe('judge: compile, other problems and checkers', () => {
  it('compiles a source once and reports the compile result', async () => {
    const report = await judge({ source: fixture('aplusb/ac.cpp'), tests: fixture('aplusb/tests'), ...limits });
    expect(report.verdict).toBe('AC');
    expect(report.compile).toMatchObject({ ok: true, kind: 'ok' });
  });

  it('takes a compile() result as it is', async () => {
    const compiled = await compile(fixture('sort/ac.cpp'), {
      output: join(mkdtempSync(join(tmpdir(), 'saferun-compiled-')), 'sort'),
      cacheDir: CACHE_DIR,
    });
    const report = await judge({ compiled, tests: fixture('sort/tests'), ...limits });
    expect(report).toMatchObject({ verdict: 'AC', compile: compiled });
    const failed = await compile(fixture('aplusb/ce.cpp'), { cacheDir: CACHE_DIR });
    expect((await judge({ compiled: failed, tests: fixture('sort/tests'), ...limits })).verdict).toBe('CE');
  });

  it('CE carries the diagnostics and runs no test', async () => {
    const report = await judge({ source: fixture('aplusb/ce.cpp'), tests: fixture('aplusb/tests'), ...limits });
    expect(report).toMatchObject({ verdict: 'CE', tests: [] });
    expect(report.compile?.kind).toBe('compile-error');
    expect(report.compile?.diagnostics.some((d) => d.severity === 'error' && d.line === 4)).toBe(true);
    expect(report.message).toMatch(/^2 errors; first: .*ce\.cpp:4:3: expected initializer before 'scanf'/);
  });

  it('sort: tokens ignore layout (AC); a wrong answer on test 2 (WA)', async () => {
    expect((await judge({ binary: bin['sort/ac.cpp']!, tests: fixture('sort/tests'), ...limits })).verdict).toBe('AC');
    const wa = await judge({ binary: bin['sort/wa.cpp']!, tests: fixture('sort/tests'), ...limits });
    expect(wa).toMatchObject({ verdict: 'WA', failedTest: '2' });
    expect(
      (await judge({ binary: bin['sort/ac.cpp']!, tests: fixture('sort/tests'), ...limits, checker: 'exact' })).verdict,
    ).toBe('WA');
  });

  it('float: within 1e-6 is AC, with pi = 3.14 is WA; tokens would reject both', async () => {
    const float = { tests: fixture('float/tests'), ...limits, checker: { float: 1e-6 } };
    expect((await judge({ binary: bin['float/ac.cpp']!, ...float })).verdict).toBe('AC');
    const wa = await judge({ binary: bin['float/wa.cpp']!, ...float });
    expect(wa.tests[0]?.checkerMessage).toMatch(
      /^1st numbers differ - expected: '3.1415926536', found: '3.1400000000'/,
    );
    expect((await judge({ binary: bin['float/ac.cpp']!, tests: fixture('float/tests'), ...limits })).verdict).toBe(
      'WA',
    );
  });

  describe('testlib checker', () => {
    const testlib = {
      tests: fixture('testlib/tests'),
      ...limits,
      checker: { testlib: fixture('testlib/checker.cpp') },
    };
    it("accepts another valid answer than the jury's, with its message", async () => {
      const report = await judge({ binary: bin['testlib/ac.cpp']!, ...testlib });
      expect(report.verdict).toBe('AC');
      expect(report.tests[0]?.checkerMessage).toBe('ok, n = 2');
    });
    it('exit 1 is WA', async () => {
      const report = await judge({ binary: bin['testlib/wa.cpp']!, ...testlib });
      expect(report.tests[0]).toMatchObject({ verdict: 'WA', checkerMessage: 'numbers must be positive, got 0' });
    });
    it('exit 2 (presentation error) is WA with a message', async () => {
      const report = await judge({ binary: bin['testlib/pe.cpp']!, ...testlib });
      expect(report.tests[0]).toMatchObject({
        verdict: 'WA',
        checkerMessage: 'presentation error: expected two integers',
      });
    });
    it("exit 3 (the checker failed) is IE, not the submission's fault", async () => {
      const report = await judge({ binary: bin['testlib/ac.cpp']!, ...testlib, tests: fixture('testlib/bad-answer') });
      expect(report.tests[0]).toMatchObject({
        verdict: 'IE',
        message: "checker failed: the jury's answer is wrong for n = 5",
      });
      expect(report.verdict).toBe('IE');
    });
    it('a missing checker is IE before any test', async () => {
      const report = await judge({
        binary: bin['testlib/ac.cpp']!,
        ...testlib,
        checker: { testlib: '/nonexistent/checker.cpp' },
      });
      expect(report).toMatchObject({ verdict: 'IE', tests: [] });
      expect(report.message).toMatch(/checker \/nonexistent\/checker.cpp did not compile/);
    });
  });

  it('inline tests with a JS checker', async () => {
    const checker = (input: string, output: string, _expected?: string) =>
      Number(output) ===
      input
        .split(' ')
        .map(Number)
        .reduce((a, b) => a + b, 0);
    const tests = [{ input: '1 2\n' }, { name: 'neg', input: '-5 5\n' }];
    expect((await judge({ binary: bin['aplusb/ac.cpp']!, tests, ...limits, checker })).verdict).toBe('AC');
    const wa = await judge({
      binary: bin['aplusb/wa.cpp']!,
      tests,
      ...limits,
      checker: (...args) => Promise.resolve({ verdict: checker(...args) ? 'AC' : 'WA', message: 'sum' }),
    });
    expect(wa).toMatchObject({ verdict: 'WA', failedTest: 'neg' });
    expect(wa.tests[1]?.checkerMessage).toBe('sum');
    const threw = await judge({
      binary: bin['aplusb/ac.cpp']!,
      tests,
      ...limits,
      checker: () => {
        throw new Error('oops');
      },
    });
    expect(threw.tests[0]).toMatchObject({ verdict: 'IE', message: 'checker threw: oops' });
  });

  it('an aborted judge kills the running test and reports IE', async () => {
    const controller = new AbortController();
    const pending = judge({
      binary: bin['aplusb/tle-sleep.cpp']!,
      tests: fixture('aplusb/tests'),
      ...limits,
      timeLimitMs: 20_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const report = await pending;
    expect(report).toMatchObject({ verdict: 'IE', message: 'the judge was aborted' });
    expect(report.tests.length).toBeLessThanOrEqual(1);
  });

  it('judge-side failures are IE: missing tests dir, unreadable test, missing answer, missing binary, bad options', async () => {
    const ac = bin['aplusb/ac.cpp']!;
    expect((await judge({ binary: ac, tests: '/nonexistent/tests', ...limits })).message).toMatch(
      /^cannot read the tests: ENOENT/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'saferun-broken-'));
    writeFileSync(join(dir, '1.in'), '1 2\n');
    writeFileSync(join(dir, '1.out'), '3\n');
    writeFileSync(join(dir, '2.in'), '1 2\n');
    const broken = await judge({ binary: ac, tests: dir, ...limits });
    expect(broken).toMatchObject({ verdict: 'IE', failedTest: '2' });
    expect(broken.tests[1]).toMatchObject({
      verdict: 'IE',
      message: 'no answer file 2.out or 2.ans',
    } satisfies Partial<TestResult>);
    expect((await judge({ binary: '/nonexistent/a.out', tests: dir, ...limits })).verdict).toBe('IE');
    expect((await judge({ binary: ac, tests: [], ...limits })).message).toBe('no tests');
    expect((await judge({ binary: ac, tests: dir, ...limits, memoryLimitMb: 0 })).message).toBe(
      'Expected `memoryLimitMb` to be a positive number (MiB), got `0` (number)',
    );
    expect((await judge({ binary: ac, source: 'a.cpp', tests: dir })).message).toBe(
      'Expected exactly one of `files`, `source`, `binary` or `compiled`',
    );
  });
});
