// judge() on problem packages, with the real compiler, the limit helper and the package's own
// validators: the output validator's 42/43 and feedback files, the default validator's flags, the
// package's limits under the request's, scores and per-group stopping.
import { cpSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { judge, type JudgeRequest } from '../../src/judge/index.js';
import { describeWith, itWith, needs } from '../helpers/requirements.js';
import { layoutDirs } from '../../src/judge/executor/cgroup/choose-layout.js';
import { probeCgroups } from '../../src/judge/executor/cgroup/probe-cgroups.js';
import { CACHE_DIR, compileFixtures, fixture, judgeElsewhere, leftBehind } from './helpers.js';

const SUBMISSIONS = [
  'packages/aplusb-icpc/submissions/accepted/ac.cpp',
  'packages/aplusb-icpc/submissions/wrong_answer/overflow.cpp',
  'packages/circle/submissions/accepted/nine-digits.cpp',
  'packages/circle/submissions/wrong_answer/pi-314.cpp',
  'packages/limits/submissions/accepted/ac.cpp',
  'packages/limits/submissions/memory_limit_exceeded/big-array.cpp',
  'packages/limits/submissions/time_limit_exceeded/spin.cpp',
  'packages/scored/submissions/accepted/full.cpp',
  'packages/scored/submissions/partially_accepted/partial.cpp',
  'packages/scored/submissions/wrong_answer/wrong.cpp',
  'packages/grouped/full.cpp',
  'packages/grouped/partial.cpp',
  'packages/validator-files/submissions/wrong_answer/difference.cpp',
  'packages/guess/submissions/accepted/binary-search.cpp',
  'adversarial/snoop-judge-dirs.cpp',
];

let bin: Record<string, string>;
const submission = (name: string) => bin[`packages/${name}`]!;
const run = (name: string, problem: string, extra: Partial<JudgeRequest> = {}) =>
  judge({ binary: submission(name), tests: fixture('packages', problem), cacheDir: CACHE_DIR, ...extra });

/** A copy of a fixture package to change, in a dir others can read (a validator runs under its own uid). */
function copyPackage(name: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'saferun-package-')), name);
  cpSync(fixture('packages', name), dir, { recursive: true });
  return dir;
}

describeWith([needs.gpp()], 'judge() on problem packages', () => {
  beforeAll(async () => {
    bin = await compileFixtures(SUBMISSIONS);
  }, 300_000);

  it('aplusb-icpc: the output validator (compiled once) accepts ac.cpp and rejects overflow.cpp, judgemessage.txt in the report', async () => {
    const ac = await run('aplusb-icpc/submissions/accepted/ac.cpp', 'aplusb-icpc');
    expect(ac).toMatchObject({ verdict: 'AC', passed: 5, failed: 0 });
    expect(ac.tests.map((test) => test.name)).toEqual([
      'sample/1',
      'secret/group1/01',
      'secret/group1/02',
      'secret/group2/01',
      'secret/group2/02',
    ]);
    expect(ac.tests[0]).toMatchObject({ checkerMessage: 'correct: 3', feedback: { judgeMessage: 'correct: 3\n' } });
    // A pass-fail package has no score.
    expect(ac.score).toBeUndefined();
    const wrong = await run('aplusb-icpc/submissions/wrong_answer/overflow.cpp', 'aplusb-icpc');
    expect(wrong).toMatchObject({ verdict: 'WA', failedTest: 'secret/group2/01', passed: 3, skipped: 1 });
    expect(wrong.tests.at(-1)).toMatchObject({
      verdict: 'WA',
      checkerMessage: 'expected 4000000000, got -294967296',
      feedback: { judgeMessage: 'expected 4000000000, got -294967296\n' },
    });
  });

  it('circle: the default validator with float_tolerance accepts other digits and rejects pi = 3.14; without the flag, tokens differ', async () => {
    expect(await run('circle/submissions/accepted/nine-digits.cpp', 'circle')).toMatchObject({
      verdict: 'AC',
      passed: 4,
    });
    const wrong = await run('circle/submissions/wrong_answer/pi-314.cpp', 'circle');
    expect(wrong).toMatchObject({ verdict: 'WA', failedTest: 'sample/1' });
    expect(wrong.tests[0]?.checkerMessage).toBe(
      "Wrong answer on line 1: expected '3.141592653590', got '3.140000000': difference 0.00159265 is over the tolerance (absolute 1e-6, relative 1e-6)",
    );
    // The flags are what accepts it: the same package without validator_flags compares tokens exactly.
    const strict = copyPackage('circle');
    writeFileSync(join(strict, 'problem.yaml'), 'name: Circle\nlimits:\n  time_limit: 1\n');
    const exact = await judge({
      binary: submission('circle/submissions/accepted/nine-digits.cpp'),
      tests: strict,
      cacheDir: CACHE_DIR,
    });
    expect(exact).toMatchObject({ verdict: 'WA', failedTest: 'sample/1' });
    expect(exact.tests[0]?.checkerMessage).toBe("Wrong answer on line 1: expected '3.141592653590', got '3.141592654'");
  });

  it('limits: the package’s memory (problem.yaml) and time (.timelimit) apply; the request’s limits override them', async () => {
    expect(await run('limits/submissions/accepted/ac.cpp', 'limits')).toMatchObject({ verdict: 'AC' });
    const mle = await run('limits/submissions/memory_limit_exceeded/big-array.cpp', 'limits');
    expect(mle).toMatchObject({ verdict: 'MLE' });
    expect(mle.tests[0]?.message).toBe('memory limit of 32 MB exceeded');
    const roomy = await run('limits/submissions/memory_limit_exceeded/big-array.cpp', 'limits', { memoryLimitMb: 128 });
    expect(roomy).toMatchObject({ verdict: 'AC' });
    const tle = await run('limits/submissions/time_limit_exceeded/spin.cpp', 'limits');
    expect(tle).toMatchObject({ verdict: 'TLE' });
    // .timelimit says 0.5 s; a loaded machine may reach the wall limit (3x) first.
    expect(tle.tests[0]?.message).toMatch(/^(CPU time limit of 500 ms|wall time limit of 1500 ms) exceeded$/);
    const longer = await run('limits/submissions/time_limit_exceeded/spin.cpp', 'limits', { timeLimitMs: 300 });
    expect(longer.tests[0]?.message).toMatch(/^(CPU time limit of 300 ms|wall time limit of 900 ms) exceeded$/);
  });

  it('limits: problem.yaml’s time_limit comes before .timelimit, with a warning', async () => {
    const dir = copyPackage('limits');
    writeFileSync(join(dir, 'problem.yaml'), 'name: Tight\nlimits:\n  memory: 32\n  time_limit: 0.25\n');
    const warnings: string[] = [];
    const tle = await judge({
      binary: submission('limits/submissions/time_limit_exceeded/spin.cpp'),
      tests: dir,
      cacheDir: CACHE_DIR,
      onWarning: (message) => warnings.push(message),
    });
    expect(tle.tests[0]?.message).toMatch(/^(CPU time limit of 250 ms|wall time limit of 750 ms) exceeded$/);
    expect(warnings).toContain('problem.yaml limits.time_limit (250 ms) is used, not .timelimit (500 ms)');
  });

  it('scored: partial gets exactly group1’s 20 points; each failed group stops after its first failure; full 100, wrong 0', async () => {
    const partial = await run('scored/submissions/partially_accepted/partial.cpp', 'scored');
    expect(partial).toMatchObject({
      verdict: 'WA',
      failedTest: 'secret/group2/1',
      score: 20,
      maxScore: 100,
      skipped: 2,
    });
    expect(partial.tests.map((test) => `${test.name} ${test.verdict}`)).toEqual([
      'sample/1 AC',
      'secret/group1/1 AC',
      'secret/group1/2 AC',
      'secret/group2/1 WA',
      'secret/group3/1 WA',
    ]);
    expect(partial.groups?.map((g) => [g.name, g.verdict, g.score, g.maxScore, g.passed, g.failed, g.skipped])).toEqual(
      [
        ['sample', 'AC', 0, 0, 1, 0, 0],
        ['secret/group1', 'AC', 20, 20, 2, 0, 0],
        ['secret/group2', 'WA', 0, 30, 0, 1, 1],
        ['secret/group3', 'WA', 0, 50, 0, 1, 1],
      ],
    );
    expect(await run('scored/submissions/accepted/full.cpp', 'scored')).toMatchObject({ verdict: 'AC', score: 100 });
    expect(await run('scored/submissions/wrong_answer/wrong.cpp', 'scored')).toMatchObject({ verdict: 'WA', score: 0 });
  });

  it('scored: stopOnFirstFailure: false runs every test, and the score is the same', async () => {
    const all = await run('scored/submissions/partially_accepted/partial.cpp', 'scored', { stopOnFirstFailure: false });
    expect(all).toMatchObject({ score: 20, skipped: 0, passed: 3, failed: 4 });
    expect(all.tests).toHaveLength(7);
  });

  it('scored: a CE scores 0 of the groups, each skipped', async () => {
    const ce = await judge({
      source: fixture('aplusb/ce.cpp'),
      tests: fixture('packages/scored'),
      cacheDir: CACHE_DIR,
    });
    expect(ce).toMatchObject({ verdict: 'CE', score: 0, maxScore: 100 });
    expect(ce.groups?.every((group) => group.verdict === 'skipped')).toBe(true);
  });

  it('grouped (a tests dir with groups.json): partial gets 40, its large group runs on (stopOnFailure: false)', async () => {
    expect(await run('grouped/full.cpp', 'grouped/tests')).toMatchObject({ verdict: 'AC', score: 100, maxScore: 100 });
    const partial = await run('grouped/partial.cpp', 'grouped/tests');
    expect(partial).toMatchObject({ verdict: 'WA', score: 40, failedTest: '04', failed: 2, skipped: 0 });
  });

  it('validator-crash: a validator killed by SIGABRT is IE, with its stderr, never the submission’s WA', async () => {
    const report = await run('aplusb-icpc/submissions/accepted/ac.cpp', 'validator-crash');
    expect(report).toMatchObject({ verdict: 'IE', failedTest: 'secret/1' });
    expect(report.tests[0]?.checkerMessage).toBe(
      'output validator was killed by SIGABRT, expected exit code 42 (accept) or 43 (reject) (stderr: read 3, now crashing)',
    );
  });

  it('validator-files: feedback files reach the report; the validator ran in a private dir; nothing lands in the caller’s cwd', async () => {
    const cwdBefore = readdirSync(process.cwd());
    const packageBefore = readdirSync(fixture('packages/validator-files'));
    const ac = await run('aplusb-icpc/submissions/accepted/ac.cpp', 'validator-files');
    expect(ac).toMatchObject({ verdict: 'AC' });
    const wrong = await run('validator-files/submissions/wrong_answer/difference.cpp', 'validator-files');
    expect(wrong).toMatchObject({ verdict: 'WA' });
    const feedback = wrong.tests[0]!.feedback!;
    expect(feedback.teamMessage).toBe('check your addition\n');
    const [verdict, cwdLine, feedbackLine] = feedback.judgeMessage!.split('\n');
    expect(verdict).toBe('wrong sum');
    expect(cwdLine).not.toBe(`cwd ${process.cwd()}`);
    const feedbackDir = feedbackLine!.replace(/^feedback /, '');
    expect(feedbackDir).toMatch(/\/$/);
    // A fresh dir for each test, removed with everything the validator wrote.
    expect(existsSync(feedbackDir)).toBe(false);
    expect(readdirSync(process.cwd())).toEqual(cwdBefore);
    expect(readdirSync(fixture('packages/validator-files'))).toEqual(packageBefore);
  });

  it('a package under a dir only root can read: the validator still reads its input and answer (copies)', async () => {
    const dir = copyPackage('aplusb-icpc');
    const closed = mkdtempSync(join(tmpdir(), 'saferun-closed-'));
    const inside = join(closed, 'aplusb-icpc');
    cpSync(dir, inside, { recursive: true });
    // mkdtemp makes it 0700.
    const report = await judge({
      binary: submission('aplusb-icpc/submissions/accepted/ac.cpp'),
      tests: inside,
      cacheDir: CACHE_DIR,
    });
    expect(report).toMatchObject({ verdict: 'AC', passed: 5 });
  });

  itWith(
    [needs.root()],
    'without a sandbox, a submission finds nothing of the judge: not the validator, its copies of the answers, nor its feedback dirs',
    async () => {
      // A package only root can read: the validator gets copies of the answers, which the submission must not reach.
      const closed = mkdtempSync(join(tmpdir(), 'saferun-closed-'));
      cpSync(fixture('packages', 'aplusb-icpc'), join(closed, 'aplusb-icpc'), { recursive: true });
      const report = await judge({
        binary: bin['adversarial/snoop-judge-dirs.cpp']!,
        tests: join(closed, 'aplusb-icpc'),
        sandbox: 'none',
        stopOnFirstFailure: false,
        cacheDir: CACHE_DIR,
      });
      // From the second test on, the first one's validator dir exists: every run looks for it.
      expect(report.tests.map((test) => test.stderr ?? '').join('')).not.toMatch(/leak/);
      expect(report).toMatchObject({ verdict: 'AC', passed: 5 });
    },
  );

  it('a checker given for a package is ignored with a warning; a broken validator source is IE before any test', async () => {
    const warnings: string[] = [];
    const report = await run('aplusb-icpc/submissions/accepted/ac.cpp', 'aplusb-icpc', {
      checker: 'exact',
      onWarning: (message) => warnings.push(message),
    });
    expect(report.verdict).toBe('AC');
    expect(warnings).toContain("the checker option is ignored: the package's custom validation judges the outputs");
    const broken = copyPackage('aplusb-icpc');
    writeFileSync(join(broken, 'output_validators/validator/validator.cpp'), 'int main( {\n');
    const ie = await judge({
      binary: submission('aplusb-icpc/submissions/accepted/ac.cpp'),
      tests: broken,
      cacheDir: CACHE_DIR,
    });
    expect(ie).toMatchObject({ verdict: 'IE', tests: [] });
    expect(ie.message).toMatch(/^the output validator did not compile: .*validator\.cpp:1:/);
  });

  itWith([needs.systemPython()], 'python-validator: a script run by its #! line accepts and rejects', async () => {
    const report = await run('aplusb-icpc/submissions/wrong_answer/overflow.cpp', 'python-validator');
    expect(report).toMatchObject({ verdict: 'WA', failedTest: 'secret/2', passed: 1 });
    expect(report.tests.map((test) => test.checkerMessage)).toEqual([
      'correct (from python)',
      'expected 4000000000, got -294967296 (from python)',
    ]);
  });

  itWith(
    [needs.java(), needs.cgroups()],
    'java-validator: without a #! line, the Java profile builds and runs it; it accepts and rejects',
    async () => {
      const report = await run('aplusb-icpc/submissions/wrong_answer/overflow.cpp', 'java-validator');
      expect(report).toMatchObject({ verdict: 'WA', failedTest: 'secret/2', passed: 1 });
      expect(report.tests.map((test) => test.checkerMessage)).toEqual([
        'correct (from Java)',
        'expected 4000000000, got -294967296 (from Java)',
      ]);
      const ac = await run('aplusb-icpc/submissions/accepted/ac.cpp', 'java-validator');
      expect(ac).toMatchObject({ verdict: 'AC', passed: 2 });
    },
    120_000,
  );

  itWith(
    [needs.gcc()],
    'build-run-validator: `build` makes `run` in a copy of the dir (the package unchanged)',
    async () => {
      const before = readdirSync(fixture('packages/build-run-validator/output_validators/compare'));
      const report = await run('aplusb-icpc/submissions/wrong_answer/overflow.cpp', 'build-run-validator');
      expect(report).toMatchObject({ verdict: 'WA', failedTest: 'secret/2', passed: 1 });
      expect(report.tests[1]?.checkerMessage).toBe('expected 4000000000, got -294967296 (from run)');
      expect(readdirSync(fixture('packages/build-run-validator/output_validators/compare'))).toEqual(before);
    },
  );

  it('an interactive package is judged by its interactor (more in interactive.test.ts)', async () => {
    const report = await run('guess/submissions/accepted/binary-search.cpp', 'guess');
    expect(report).toMatchObject({ verdict: 'AC', passed: 4 });
  });

  it('a judge with an output validator leaves no session dir, judge dir or run cgroup behind (its helper sessions closed)', async () => {
    const report = await judgeElsewhere({
      judge: {
        binary: submission('validator-files/submissions/wrong_answer/difference.cpp'),
        tests: fixture('packages/validator-files'),
        cacheDir: CACHE_DIR,
        stopOnFirstFailure: false,
      },
    });
    expect(report).toMatchObject({ verdict: 'WA', failed: 2 });
    const choice = await probeCgroups();
    const cgroupDirs = 'layout' in choice ? layoutDirs(choice.layout).map(({ dir }) => dir) : [];
    expect(leftBehind(report.judgePid as number, cgroupDirs)).toEqual([]);
  });

  it('inline tests with `groups`: a scored problem; a bad group or groups with a dir is IE', async () => {
    const binary = submission('grouped/partial.cpp');
    const tests = [
      { name: 'small', input: '6 7\n', expected: '42\n' },
      { name: 'large', input: '100000 100000\n', expected: '10000000000\n' },
    ];
    const groups = [
      { name: 'easy', points: 30, tests: 'small' },
      { name: 'hard', points: 70, tests: ['large'] },
    ];
    const report = await judge({ binary, tests, groups, cacheDir: CACHE_DIR });
    expect(report).toMatchObject({ verdict: 'WA', failedTest: 'large', score: 30, maxScore: 100 });
    const bad = await judge({ binary, tests, groups: [{ name: 'x', points: -1, tests: '*' }], cacheDir: CACHE_DIR });
    expect(bad).toMatchObject({
      verdict: 'IE',
      message: 'groups[0]: Expected `points` to be a non-negative number, got `-1` (number)',
    });
    const withDir = await judge({ binary, tests: fixture('packages/grouped/tests'), groups, cacheDir: CACHE_DIR });
    expect(withDir).toMatchObject({ verdict: 'IE' });
  });

  it('a validator past its own time limit (limits.validation_time) is IE, never TLE of the submission', async () => {
    const dir = copyPackage('validator-crash');
    writeFileSync(
      join(dir, 'problem.yaml'),
      'name: slow validator\nvalidation: custom\nlimits:\n  validation_time: 0.2\n',
    );
    writeFileSync(
      join(dir, 'output_validators/crash/crash.cpp'),
      'int main() {\n  for (volatile int i = 0;; i = i + 1) {\n  }\n}\n',
    );
    const report = await judge({
      binary: submission('aplusb-icpc/submissions/accepted/ac.cpp'),
      tests: dir,
      cacheDir: CACHE_DIR,
    });
    expect(report).toMatchObject({ verdict: 'IE', tests: [{ verdict: 'IE' }] });
    expect(report.tests[0]?.checkerMessage).toMatch(
      /^output validator: (CPU time limit of 200 ms|wall time limit of 600 ms) exceeded$/,
    );
  });
});
