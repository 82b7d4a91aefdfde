// The package fixtures, proved with the real compiler and real runs: every C++ program builds with g++,
// each submission earns the verdicts and the score its directory promises, through this stage's
// pieces (loadProblem, defaultValidate, the 42/43 protocol, planRun, scoreReport).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Verdict } from '../../../src/judge/index.js';
import { defaultValidate } from '../../../src/judge/problem/default-validate.js';
import { loadProblem } from '../../../src/judge/problem/load-problem.js';
import { chooseStopRule, planRun, recordResult, shouldRun } from '../../../src/judge/problem/plan-run.js';
import { readFeedback } from '../../../src/judge/problem/read-feedback.js';
import { scoreReport } from '../../../src/judge/problem/score-report.js';
import type { Problem, ProblemTest } from '../../../src/judge/problem/types.js';
import { interpretValidatorExit, outputValidatorArgs } from '../../../src/judge/problem/validator-protocol.js';
import { execFile } from '../../../src/process/index.js';
import { describeWith, needs } from '../../helpers/requirements.js';
import { compileFixtures, fixture } from '../helpers.js';
import { interact } from './interact.js';

const PROGRAMS = [
  'packages/aplusb-icpc/output_validators/validator/validator.cpp',
  'packages/aplusb-icpc/submissions/accepted/ac.cpp',
  'packages/aplusb-icpc/submissions/wrong_answer/overflow.cpp',
  'packages/scored/submissions/accepted/full.cpp',
  'packages/scored/submissions/partially_accepted/partial.cpp',
  'packages/scored/submissions/wrong_answer/wrong.cpp',
  'packages/grouped/full.cpp',
  'packages/grouped/partial.cpp',
  'packages/guess/output_validators/interactor/interactor.cpp',
  'packages/guess/submissions/accepted/binary-search.cpp',
  'packages/guess/submissions/wrong_answer/too-many-queries.cpp',
  'packages/guess/submissions/time_limit_exceeded/silent.cpp',
  'packages/guess-crash/output_validators/interactor/interactor.cpp',
];

let bin: Record<string, string>;
const program = (name: string) => bin[`packages/${name}`]!;

interface Judged {
  name: string;
  verdict: Verdict;
  message: string;
}

/** Runs the submission on one test; the output is bytes. */
async function outputOf(binary: string, test: ProblemTest): Promise<Buffer | Judged> {
  const run = await execFile(binary, [], {
    input: await readFile(test.inputFile!),
    encoding: 'buffer',
    timeout: 20_000,
  });
  return run.ok ? run.stdout : { name: test.name, verdict: 'RE', message: run.kind };
}

/** The package's output validator, by the 42/43 protocol, in a fresh feedback dir. */
async function validate(validator: string, test: ProblemTest, output: Buffer): Promise<Judged> {
  const feedbackDir = mkdtempSync(join(tmpdir(), 'saferun-feedback-'));
  const args = outputValidatorArgs(
    { input: test.inputFile!, answer: test.expectedFile!, feedbackDir },
    test.validatorFlags,
  );
  const run = await execFile(validator, args, { input: output, timeout: 20_000, cwd: feedbackDir });
  const verdict = interpretValidatorExit(run, await readFeedback(feedbackDir));
  return { name: test.name, verdict: verdict.verdict, message: verdict.message };
}

/** Judges a submission on a non-interactive problem, following the run plan; scored too. */
async function judgeWith(problem: Problem, binary: string, validator?: string) {
  const plan = planRun(problem.groups, chooseStopRule(problem));
  let state = plan.start;
  const results: Judged[] = [];
  for (const test of problem.tests) {
    if (!shouldRun(plan, test.name, state)) continue;
    const output = await outputOf(binary, test);
    let result: Judged;
    if (!Buffer.isBuffer(output)) result = output;
    else if (validator) result = await validate(validator, test, output);
    else {
      const check = defaultValidate(output, await readFile(test.expectedFile!));
      result = { name: test.name, verdict: check.verdict, message: check.message };
    }
    results.push(result);
    state = recordResult(plan, state, result);
  }
  return { results, score: scoreReport(problem.groups, results) };
}

describeWith([needs.gpp()], 'package fixtures', () => {
  beforeAll(async () => {
    bin = await compileFixtures(PROGRAMS);
  }, 300_000);

  it('every fixture program compiles with g++', () => {
    for (const name of PROGRAMS) expect(bin[name]).toMatch(/\S/);
  });

  it('aplusb-icpc: the output validator accepts ac.cpp and rejects overflow.cpp on group2, with judgemessage.txt', async () => {
    const problem = await loadProblem(fixture('packages/aplusb-icpc'));
    const validator = program('aplusb-icpc/output_validators/validator/validator.cpp');
    const ac = await judgeWith(problem, program('aplusb-icpc/submissions/accepted/ac.cpp'), validator);
    expect(ac.results.map((r) => r.verdict)).toEqual(['AC', 'AC', 'AC', 'AC', 'AC']);
    expect(ac.results[0]?.message).toBe('correct: 3');
    const wrong = await judgeWith(problem, program('aplusb-icpc/submissions/wrong_answer/overflow.cpp'), validator);
    // A pass-fail problem stops at the first failure.
    expect(wrong.results.map((r) => [r.name, r.verdict, r.message])).toEqual([
      ['sample/1', 'AC', 'correct: 3'],
      ['secret/group1/01', 'AC', 'correct: 7'],
      ['secret/group1/02', 'AC', 'correct: 0'],
      ['secret/group2/01', 'WA', 'expected 4000000000, got -294967296'],
    ]);
  });

  it('aplusb-icpc: a wrong answer file makes the validator fail: IE, not the submission’s WA', async () => {
    const problem = await loadProblem(fixture('packages/aplusb-icpc'));
    const answer = join(mkdtempSync(join(tmpdir(), 'saferun-answer-')), 'wrong.ans');
    writeFileSync(answer, '4\n');
    const test = { ...problem.tests[0]!, expectedFile: answer };
    const judged = await validate(
      program('aplusb-icpc/output_validators/validator/validator.cpp'),
      test,
      Buffer.from('3\n'),
    );
    expect(judged).toMatchObject({
      verdict: 'IE',
      message:
        'output validator exited with code 1, expected exit code 42 (accept) or 43 (reject): the answer file is wrong',
    });
  });

  it('scored: full gets 100, partial the 20 points of group1, wrong 0; stopping stays per group', async () => {
    const problem = await loadProblem(fixture('packages/scored'));
    const full = await judgeWith(problem, program('scored/submissions/accepted/full.cpp'));
    expect(full.score).toMatchObject({ score: 100, maxScore: 100 });
    const partial = await judgeWith(problem, program('scored/submissions/partially_accepted/partial.cpp'));
    expect(partial.score.score).toBe(20);
    expect(partial.score.groups.map((g) => [g.name, g.score, g.verdict, g.passed, g.failed, g.skipped])).toEqual([
      ['sample', 0, 'AC', 1, 0, 0],
      ['secret/group1', 20, 'AC', 2, 0, 0],
      // The first test of each failing group fails; the rest of that group is skipped, not the next group.
      ['secret/group2', 0, 'WA', 0, 1, 1],
      ['secret/group3', 0, 'WA', 0, 1, 1],
    ]);
    expect(partial.results.find((r) => r.name === 'secret/group2/1')?.message).toBe(
      "Wrong answer on line 1: expected '4000000000', got '-294967296'",
    );
    const wrong = await judgeWith(problem, program('scored/submissions/wrong_answer/wrong.cpp'));
    expect(wrong.score.score).toBe(0);
    // A failing sample does not stop the secret groups; each failing group stops after its first test.
    expect(wrong.results.map((r) => r.name)).toEqual([
      'sample/1',
      'secret/group1/1',
      'secret/group2/1',
      'secret/group3/1',
    ]);
  });

  it('grouped (a tests dir with groups.json): full gets 100, partial 40', async () => {
    const problem = await loadProblem(fixture('packages/grouped/tests'));
    expect((await judgeWith(problem, program('grouped/full.cpp'))).score.score).toBe(100);
    const partial = await judgeWith(problem, program('grouped/partial.cpp'));
    expect(partial.score.score).toBe(40);
    // large has stopOnFailure: false, so both of its tests ran.
    expect(partial.score.groups.at(-1)).toMatchObject({ name: 'large', verdict: 'WA', failed: 2, skipped: 0 });
  });

  describeWith([needs.gpp()], 'guess (interactive)', () => {
    const run = async (
      submission: string,
      testIndex: number,
      interactor = 'guess/output_validators/interactor/interactor.cpp',
      wall = 10,
    ) => {
      const problem = await loadProblem(
        fixture(interactor.startsWith('guess-crash') ? 'packages/guess-crash' : 'packages/guess'),
      );
      const test = problem.tests[testIndex]!;
      const feedbackDir = mkdtempSync(join(tmpdir(), 'saferun-feedback-'));
      const args = outputValidatorArgs(
        { input: test.inputFile!, answer: test.expectedFile!, feedbackDir },
        test.validatorFlags,
      );
      const exits = await interact(program(interactor), args, program(submission), wall);
      return {
        ...exits,
        verdict: interpretValidatorExit(exits.interactor, await readFeedback(feedbackDir), 'interactor'),
      };
    };

    it('binary search is accepted on every test', async () => {
      for (const index of [0, 1, 2, 3]) {
        const { verdict, submission } = await run('guess/submissions/accepted/binary-search.cpp', index);
        expect(verdict.verdict).toBe('AC');
        expect(submission).toEqual({ exitCode: 0, signal: null });
      }
    });

    it('too many queries is WA, except where the number is 1', async () => {
      const { verdict } = await run('guess/submissions/wrong_answer/too-many-queries.cpp', 0);
      expect(verdict).toMatchObject({ verdict: 'WA', message: 'too many queries: more than 4' });
      expect((await run('guess/submissions/wrong_answer/too-many-queries.cpp', 2)).verdict.verdict).toBe('AC');
    });

    it('a silent submission waits until killed (the judge will call it TLE); the interactor then rejects', async () => {
      const { verdict, submission } = await run('guess/submissions/time_limit_exceeded/silent.cpp', 0, undefined, 1);
      expect(submission).toEqual({ exitCode: null, signal: 'SIGKILL' });
      expect(verdict).toMatchObject({
        verdict: 'WA',
        message: 'the submission stopped after 0 queries without finding the number',
      });
    });

    it('a crashing interactor is IE, never the submission’s fault', async () => {
      const { verdict } = await run(
        'guess/submissions/accepted/binary-search.cpp',
        0,
        'guess-crash/output_validators/interactor/interactor.cpp',
      );
      expect(verdict).toEqual({
        verdict: 'IE',
        message: 'interactor was killed by SIGABRT, expected exit code 42 (accept) or 43 (reject)',
      });
    });
  });
});
