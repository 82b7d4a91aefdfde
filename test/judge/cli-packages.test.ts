// The judge command on problem packages: a package dir as the tests dir, scores and group lines,
// the output validator's feedback under a failure, --json with all of it, flags over the package's limits.
import { beforeAll, expect, it } from 'vitest';
import type { JudgeReport } from '../../src/judge/index.js';
import { describeWith, needs } from '../helpers/requirements.js';
import { compileFixtures, fixture, runJudgeCommand } from './helpers.js';

let bin: Record<string, string>;

const run = runJudgeCommand;

describeWith([needs.gpp()], 'judge command on packages', () => {
  beforeAll(async () => {
    bin = await compileFixtures([
      'packages/scored/submissions/partially_accepted/partial.cpp',
      'packages/validator-files/submissions/wrong_answer/difference.cpp',
      'packages/limits/submissions/memory_limit_exceeded/big-array.cpp',
    ]);
  }, 300_000);

  it('a scored package: a line a group and the score in the summary, exit 1', async () => {
    const { code, stdout } = await run([
      bin['packages/scored/submissions/partially_accepted/partial.cpp']!,
      fixture('packages/scored'),
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        'group sample AC 0/0 (1 passed)',
        'group secret/group1 AC 20/20 (2 passed)',
        'group secret/group2 WA 0/30 (0 passed, 1 failed, 1 skipped)',
        'group secret/group3 WA 0/50 (0 passed, 1 failed, 1 skipped)',
        'verdict: WA on test secret/group2/1 (3 passed, 2 failed, 2 skipped), score 20/100',
        '',
      ].join('\n'),
    );
  });

  it('the output validator’s judgemessage.txt and teammessage.txt under the WA; --json carries them', async () => {
    const argv = [
      bin['packages/validator-files/submissions/wrong_answer/difference.cpp']!,
      fixture('packages/validator-files'),
    ];
    const { code, stdout } = await run(argv);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^#secret\/1 WA \d+ ms [\d.]+ MB {2}wrong sum\n/);
    expect(stdout).toMatch(
      /--- test secret\/1: the output validator's feedback\njudgemessage.txt:\n {2}wrong sum\n {2}cwd .*\n {2}feedback .*\/\nteammessage.txt:\n {2}check your addition\n/,
    );
    const json = await run([...argv, '--json']);
    const report = JSON.parse(json.stdout) as JudgeReport;
    expect(report.tests[0]?.feedback).toMatchObject({ teamMessage: 'check your addition\n' });
    expect(report.tests[0]?.feedback?.judgeMessage).toMatch(/^wrong sum\n/);
  });

  it('--json of a scored package has score, maxScore and groups', async () => {
    const { stdout } = await run([
      bin['packages/scored/submissions/partially_accepted/partial.cpp']!,
      fixture('packages/scored'),
      '--json',
    ]);
    const report = JSON.parse(stdout) as JudgeReport;
    expect(report).toMatchObject({ verdict: 'WA', score: 20, maxScore: 100 });
    expect(report.groups?.map((group) => group.name)).toEqual([
      'sample',
      'secret/group1',
      'secret/group2',
      'secret/group3',
    ]);
  });

  it('--memory-limit overrides the package’s limits.memory', async () => {
    const program = bin['packages/limits/submissions/memory_limit_exceeded/big-array.cpp']!;
    const tight = await run([program, fixture('packages/limits')]);
    expect(tight.stdout).toContain('memory limit of 32 MB exceeded');
    expect(await run([program, fixture('packages/limits'), '--memory-limit', '128m'])).toMatchObject({ code: 0 });
  });
});
