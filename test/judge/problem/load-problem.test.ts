import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProblem } from '../../../src/judge/problem/load-problem.js';
import { fixture } from '../helpers.js';

/** A package (or tests dir) in a temp dir, from `path → text`; every `X.in` gets `X.ans` unless given. */
function makeDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'saferun-problem-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const packageWith = (files: Record<string, string>) =>
  makeDir({ 'data/secret/1.in': '1\n', 'data/secret/1.ans': '1\n', ...files });

const names = (problem: { tests: { name: string }[] }) => problem.tests.map((test) => test.name);
const groupsOf = (problem: { groups: { name: string; points: number; tests: string[] }[] }) =>
  problem.groups.map((group) => [group.name, group.points, group.tests.length]);

describe('loadProblem: a plain tests dir', () => {
  it('reads NAME.in + NAME.out/.ans as loadTestsFromDir does, in one group without points', async () => {
    const problem = await loadProblem(fixture('aplusb/tests'));
    expect(problem).toMatchObject({
      kind: 'tests-dir',
      dir: fixture('aplusb/tests'),
      name: 'tests',
      scored: false,
      limits: {},
      validation: { kind: 'checker' },
      warnings: [],
    });
    expect(names(problem)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
    expect(problem.tests[0]).toEqual({
      name: '1',
      inputFile: fixture('aplusb/tests/1.in'),
      expectedFile: fixture('aplusb/tests/1.out'),
      validatorFlags: [],
    });
    expect(problem.groups).toEqual([
      { name: 'tests', points: 0, tests: names(problem), stopOnFailure: true, scoring: 'all' },
    ]);
  });

  it('takes groups.json: a scored problem', async () => {
    const problem = await loadProblem(fixture('packages/grouped/tests'));
    expect(problem.scored).toBe(true);
    expect(groupsOf(problem)).toEqual([
      ['samples', 0, 1],
      ['small', 40, 2],
      ['large', 60, 2],
    ]);
    expect(problem.groups[2]?.stopOnFailure).toBe(false);
  });

  it('says what is wrong with groups.json, and with the dir', async () => {
    const bad = makeDir({ '1.in': '', '1.out': '', 'groups.json': '[{ "name": "a", "points": 1 }]' });
    await expect(loadProblem(bad)).rejects.toThrow(
      'groups.json[0]: Expected `tests` to be a test name or pattern (`*`, `?`), or a non-empty list of them, got `undefined` (undefined)',
    );
    await expect(loadProblem(makeDir({ '1.in': '', 'groups.json': '[' }))).rejects.toThrow(/^groups\.json: .*JSON/);
    await expect(loadProblem(makeDir({ 'notes.txt': '' }))).rejects.toThrow(/no tests in .*: expected NAME\.in/);
    await expect(loadProblem('/nonexistent/problem')).rejects.toMatchObject({
      code: 'ERR_INVALID_PROBLEM',
      message:
        "cannot read the problem dir /nonexistent/problem: ENOENT: no such file or directory, stat '/nonexistent/problem'",
    });
    await expect(loadProblem(fixture('aplusb/ac.cpp'))).rejects.toThrow(/ac\.cpp is not a directory$/);
    await expect(loadProblem('')).rejects.toThrow('loadProblem: Expected `dir` to be a directory path');
  });
});

describe('loadProblem: an ICPC problem package (legacy)', () => {
  it('reads aplusb-icpc: problem.yaml, .timelimit, data in lexicographic order, the validator', async () => {
    const problem = await loadProblem(fixture('packages/aplusb-icpc'));
    expect(problem).toMatchObject({
      kind: 'package',
      name: 'A plus B',
      formatVersion: 'legacy',
      scored: false,
      limits: { timeLimitMs: 2000, memoryLimitMb: 256, outputLimitMb: 16 },
      validation: {
        kind: 'custom',
        program: {
          dir: fixture('packages/aplusb-icpc/output_validators/validator'),
          files: ['validator.cpp'],
          language: 'cpp',
        },
      },
      warnings: [],
    });
    expect(names(problem)).toEqual([
      'sample/1',
      'secret/group1/01',
      'secret/group1/02',
      'secret/group2/01',
      'secret/group2/02',
    ]);
    expect(problem.tests[1]).toEqual({
      name: 'secret/group1/01',
      inputFile: fixture('packages/aplusb-icpc/data/secret/group1/01.in'),
      expectedFile: fixture('packages/aplusb-icpc/data/secret/group1/01.ans'),
      validatorFlags: [],
    });
    expect(groupsOf(problem)).toEqual([
      ['sample', 0, 1],
      ['secret/group1', 0, 2],
      ['secret/group2', 0, 2],
    ]);
  });

  it('reads scored: testdata.yaml accept_score with grader_flags min is all or nothing', async () => {
    const problem = await loadProblem(fixture('packages/scored'));
    expect(problem.scored).toBe(true);
    expect(problem.validation).toEqual({ kind: 'default' });
    expect(problem.groups.map((g) => [g.name, g.points, g.scoring, g.stopOnFailure])).toEqual([
      // data/testdata.yaml (on_reject: continue) is the nearest settings file of data/sample.
      ['sample', 0, 'all', false],
      ['secret/group1', 20, 'all', true],
      ['secret/group2', 30, 'all', true],
      ['secret/group3', 50, 'all', true],
    ]);
  });

  it('reads guess: validation custom interactive', async () => {
    const problem = await loadProblem(fixture('packages/guess'));
    expect(problem.validation).toMatchObject({
      kind: 'interactive',
      program: { language: 'cpp', files: ['interactor.cpp'] },
    });
    expect(groupsOf(problem)).toEqual([
      ['sample', 0, 1],
      ['secret', 0, 3],
    ]);
  });

  it('orders tests and groups by base name, byte-wise, recursively, and reads nested groups', async () => {
    const problem = await loadProblem(
      packageWith({
        'data/sample/b.in': '',
        'data/sample/a.in': '',
        'data/secret/10.in': '',
        'data/secret/9.in': '',
        'data/secret/A/1.in': '',
        'data/secret/a/2.in': '',
        'data/secret/a/deeper/1.in': '',
        'data/secret/a/1.in': '',
        'data/secret/b.in': '',
        'data/secret/.hidden.in': '',
        'data/secret/notes.txt': '',
        'data/invalid_input/1.in': '',
        ...Object.fromEntries(
          [
            'sample/a',
            'sample/b',
            'secret/10',
            'secret/9',
            'secret/A/1',
            'secret/a/1',
            'secret/a/2',
            'secret/a/deeper/1',
            'secret/b',
          ].map((name) => [`data/${name}.ans`, '']),
        ),
      }),
    );
    expect(names(problem)).toEqual([
      'sample/a',
      'sample/b',
      'secret/1',
      'secret/10',
      'secret/9',
      'secret/A/1',
      'secret/a/1',
      'secret/a/2',
      'secret/a/deeper/1',
      'secret/b',
    ]);
    expect(groupsOf(problem)).toEqual([
      ['sample', 0, 2],
      ['secret', 0, 4],
      ['secret/A', 0, 1],
      ['secret/a', 0, 3],
    ]);
  });

  it('marks a test without .ans as a problem of that test (IE when judged), not of the package', async () => {
    const problem = await loadProblem(packageWith({ 'data/secret/2.in': '2\n' }));
    expect(problem.tests[1]).toMatchObject({ name: 'secret/2', problem: 'no answer file data/secret/2.ans' });
    expect(problem.tests[1]?.expectedFile).toBeUndefined();
  });

  it('follows symbolic links inside the package, and refuses a loop', async () => {
    const dir = packageWith({ 'shared/1.in': '5\n', 'shared/1.ans': '5\n' });
    symlinkSync(join(dir, 'shared'), join(dir, 'data/secret/linked'));
    expect(names(await loadProblem(dir))).toEqual(['secret/1', 'secret/linked/1']);
    symlinkSync(join(dir, 'data/secret'), join(dir, 'data/secret/loop'));
    await expect(loadProblem(dir)).rejects.toThrow('data/secret/loop links back to a directory already read');
  });

  it('passes validator_flags and each group’s output_validator_flags to the tests, problem first', async () => {
    const problem = await loadProblem(
      packageWith({
        'problem.yaml': 'validator_flags: float_tolerance 1e-6\n',
        'data/testdata.yaml': 'output_validator_flags: case_sensitive\n',
        'data/secret/g/testdata.yaml': 'output_validator_flags: space_change_sensitive\n',
        'data/secret/g/1.in': '',
        'data/secret/g/1.ans': '',
        'data/secret/g/h/1.in': '',
        'data/secret/g/h/1.ans': '',
      }),
    );
    expect(problem.tests.map((test) => [test.name, test.validatorFlags.join(' ')])).toEqual([
      ['secret/1', 'float_tolerance 1e-6 case_sensitive'],
      ['secret/g/1', 'float_tolerance 1e-6 space_change_sensitive'],
      // The nearest testdata.yaml, whole (legacy inheritance).
      ['secret/g/h/1', 'float_tolerance 1e-6 space_change_sensitive'],
    ]);
  });

  it('checks the default validator’s flags at load time: a bad flag is the package’s fault', async () => {
    await expect(loadProblem(packageWith({ 'problem.yaml': 'validator_flags: float_tolerance\n' }))).rejects.toThrow(
      'the validator flags of data/secret: Expected a number after `float_tolerance`, got the end of the flags',
    );
    // A custom validator gets whatever flags it understands.
    const custom = packageWith({ 'problem.yaml': 'validator_flags: --strict\n', 'output_validators/check.py': '' });
    expect((await loadProblem(custom)).tests[0]?.validatorFlags).toEqual(['--strict']);
  });

  it('scores legacy groups: sum by default, min all or nothing, avg, range as a cap; samples score 0', async () => {
    const problem = await loadProblem(
      makeDir({
        'problem.yaml': 'type: scoring\n',
        '.timelimit': '1\n',
        'data/sample/1.in': '',
        'data/sample/1.ans': '',
        'data/secret/1.in': '',
        'data/secret/1.ans': '',
        'data/secret/2.in': '',
        'data/secret/2.ans': '',
        'data/secret/sum/testdata.yaml': 'accept_score: 5\n',
        'data/secret/min/testdata.yaml': 'accept_score: 25\ngrader_flags: min\n',
        'data/secret/avg/testdata.yaml': 'accept_score: 10\ngrader_flags: avg\n',
        'data/secret/cap/testdata.yaml': 'accept_score: 10\nrange: 0 15\n',
        ...Object.fromEntries(
          ['sum', 'min', 'avg', 'cap'].flatMap((group) =>
            ['1', '2', '3'].flatMap((test) => [
              [`data/secret/${group}/${test}.in`, ''],
              [`data/secret/${group}/${test}.ans`, ''],
            ]),
          ),
        ),
      }),
    );
    expect(problem.groups.map((g) => [g.name, g.points, g.scoring])).toEqual([
      ['sample', 0, 'all'],
      // Two loose tests in secret, accept_score 1 each (the default).
      ['secret', 2, 'each'],
      ['secret/avg', 10, 'each'],
      ['secret/cap', 15, 'each'],
      ['secret/min', 25, 'all'],
      ['secret/sum', 15, 'each'],
    ]);
    expect(problem.warnings).toEqual([]);
  });

  it('warns about what it reads but does not do', async () => {
    const problem = await loadProblem(
      packageWith({
        'problem.yaml': 'type: scoring\nvalidation: custom score\n',
        'output_validators/v/v.cpp': '',
        'data/secret/g/testdata.yaml': 'grading: custom\ngrader_flags: max first_error weird\n',
        'data/secret/g/1.in': '',
        'data/secret/g/1.ans': '',
        'data/secret/g/h/testdata.yaml': 'accept_score: 3\n',
        'data/secret/g/h/1.in': '',
        'data/secret/g/h/1.ans': '',
        'data/secret/2.files/x': '',
      }),
    );
    expect(problem.warnings).toEqual([
      'problem.yaml: validation "score": scores from the validator (score.txt) are not read',
      'data/secret/2.files is not read (test case file dirs are not supported)',
      'the package sets no time limit (.timelimit, domjudge-problem.ini or limits.time_limit): the judge default applies',
      'data/secret/g/testdata.yaml: grading: custom is not run; secret/g is scored by the default grader',
      'data/secret/g/testdata.yaml: grader flag weird is not supported',
      'data/secret/g/testdata.yaml: grader_flags max is not supported; secret/g is scored as sum',
      'data/secret/g/h/testdata.yaml: nested groups are judged as part of secret/g',
    ]);
    const unscored = await loadProblem(
      packageWith({ '.timelimit': '1', 'data/secret/testdata.yaml': 'accept_score: 3\n' }),
    );
    expect(unscored.warnings).toEqual([
      'data/secret/testdata.yaml sets scores, but problem.yaml does not say type: scoring',
    ]);
  });
});

describe('loadProblem: limits from problem.yaml, .timelimit and domjudge-problem.ini', () => {
  it('takes problem.yaml limits.time_limit over the ini over .timelimit, and says so', async () => {
    const all = await loadProblem(
      packageWith({
        'problem.yaml': 'limits:\n  time_limit: 1.5\n  memory: 512\n  output: 8\n  time_multiplier: 5\n',
        'domjudge-problem.ini': 'timelimit = 3\n',
        '.timelimit': '2\n',
      }),
    );
    expect(all.limits).toEqual({ timeLimitMs: 1500, memoryLimitMb: 512, outputLimitMb: 8 });
    expect(all.warnings).toEqual([
      'problem.yaml limits.time_limit (1500 ms) is used, not domjudge-problem.ini timelimit (3000 ms)',
      'problem.yaml limits.time_limit (1500 ms) is used, not .timelimit (2000 ms)',
    ]);
    const ini = await loadProblem(packageWith({ 'domjudge-problem.ini': 'timelimit = "2.5"\n', '.timelimit': '2.5' }));
    expect(ini.limits).toEqual({ timeLimitMs: 2500 });
    expect(ini.warnings).toEqual([]);
    expect((await loadProblem(packageWith({ '.timelimit': '0.25\n' }))).limits).toEqual({ timeLimitMs: 250 });
  });

  it('reads the validator and compile limits apart from the submission’s', async () => {
    const problem = await loadProblem(
      packageWith({
        'problem.yaml':
          'limits:\n  validation_time: 30\n  validation_memory: 1024\n  validation_output: 4\n  compilation_time: 60\n  compilation_memory: 2048\n',
      }),
    );
    expect(problem.limits).toEqual({});
    expect(problem.validatorLimits).toEqual({ timeLimitMs: 30_000, memoryLimitMb: 1024, outputLimitMb: 4 });
    expect(problem.compileLimits).toEqual({ timeLimitMs: 60_000, memoryLimitMb: 2048 });
  });

  it('reads domjudge-problem.ini: name, points, and warns that special_compare is DOMjudge’s own', async () => {
    const problem = await loadProblem(
      packageWith({
        'domjudge-problem.ini':
          '; exported by DOMjudge\nname = "Hello"\npoints = 2\nspecial_compare = float_cmp\ncolor = red\n',
      }),
    );
    expect(problem).toMatchObject({ name: 'Hello', points: 2 });
    expect(problem.warnings[0]).toBe(
      'domjudge-problem.ini: special_compare = float_cmp names an executable stored in DOMjudge, which saferun cannot use; put the program in output_validators/',
    );
  });

  it('names the file, the field and the value at fault', async () => {
    const bad = async (files: Record<string, string>) =>
      loadProblem(packageWith(files)).then(
        () => 'loaded',
        (error: unknown) => (error as Error).message,
      );
    expect(await bad({ '.timelimit': 'two\n' })).toBe(
      '.timelimit: Expected `the time limit` to be a number of seconds above 0 and at most 86400, got `"two"` (string)',
    );
    expect(await bad({ 'problem.yaml': 'limits:\n  memory: 2g\n' })).toBe(
      'problem.yaml: Expected `limits.memory` to be a number of MiB above 0 and at most 1048576, got `"2g"` (string)',
    );
    expect(await bad({ 'problem.yaml': 'limits:\n  time_limit: 0\n' })).toBe(
      'problem.yaml: Expected `limits.time_limit` to be a number of seconds above 0 and at most 86400, got `0` (number)',
    );
    expect(await bad({ 'problem.yaml': 'name: [\n' })).toMatch(/^problem\.yaml: .*at line 2/);
    expect(await bad({ 'problem.yaml': '- a list\n' })).toBe(
      'problem.yaml: Expected a map of settings, got `["a list"]` (array)',
    );
    expect(await bad({ 'problem.yaml': 'validation: custom\n' })).toBe(
      'problem.yaml asks for a custom validator, but output_validators/ has none',
    );
    expect(await bad({ 'problem.yaml': 'validation: strict\n' })).toMatch(
      /Expected `validation` to be 'default' or 'custom \.\.\.'/,
    );
    expect(await bad({ 'problem.yaml': 'type: multi-pass\n' })).toBe(
      'problem.yaml: `type: multi-pass` problems are not supported',
    );
    expect(await bad({ 'domjudge-problem.ini': 'timelimit\n' })).toBe(
      'domjudge-problem.ini:1: expected `key = value`, got "timelimit"',
    );
    expect(await bad({ 'data/secret/testdata.yaml': 'on_reject: stop\n' })).toBe(
      "data/secret/testdata.yaml: Expected `on_reject` to be 'break' or 'continue', got `\"stop\"` (string)",
    );
    expect(await bad({ 'problem.yaml': 'type: scoring\n', 'data/secret/testdata.yaml': 'accept_score: -1\n' })).toBe(
      'data/secret/testdata.yaml: Expected `accept_score` to be a non-negative number, got `-1` (number)',
    );
    expect(await bad({ 'problem.yaml': 'type: scoring\n', 'data/secret/testdata.yaml': 'range: 10 0\n' })).toBe(
      'data/secret/testdata.yaml: Expected `range` to be two numbers, low then high ("0 20"), got `"10 0"` (string)',
    );
    expect(await bad({ 'output_validators/a/a.cpp': '', 'output_validators/b/b.cpp': '' })).toBe(
      'output_validators/ holds several programs (a, b): saferun runs one output validator',
    );
    expect(await bad({ 'output_validators/v/README': '' })).toBe(
      "output_validators/v/: cannot tell the validator's language from README",
    );
    const empty = makeDir({ 'problem.yaml': 'name: x\n' });
    expect(
      await loadProblem(empty).then(
        () => 'loaded',
        (error: unknown) => (error as Error).message,
      ),
    ).toMatch(/^no tests in .*: expected data\/sample or data\/secret with NAME\.in and NAME\.ans$/);
  });
});

describe('loadProblem: the 2023-07 format', () => {
  it('reads type lists, name maps, time_limit, output_validator/ and output_validator_args', async () => {
    const problem = await loadProblem(
      packageWith({
        'problem.yaml':
          'problem_format_version: 2023-07-draft\nname:\n  de: Hallo\n  en: Hello\ntype: [pass-fail, interactive]\nlimits:\n  time_limit: 2\n',
        'output_validator/main.py': '',
        'output_validator/util.py': '',
        'data/test_group.yaml': 'output_validator_args: [--verbose]\n',
      }),
    );
    expect(problem).toMatchObject({
      name: 'Hello',
      formatVersion: '2023-07-draft',
      limits: { timeLimitMs: 2000 },
      validation: { kind: 'interactive', program: { files: ['main.py', 'util.py'], language: 'python' } },
    });
    expect(problem.tests[0]?.validatorFlags).toEqual(['--verbose']);
  });

  it('scores by scoring: { score, aggregation }: secret is 100 by default, shared evenly', async () => {
    const files: Record<string, string> = {
      'problem.yaml': 'problem_format_version: 2023-07-draft\ntype: scoring\n',
      'data/secret/a/test_group.yaml': 'scoring:\n  score: 40\n',
      'data/secret/c/test_group.yaml': 'scoring:\n  aggregation: sum\n',
    };
    for (const group of ['a', 'b', 'c'])
      Object.assign(files, { [`data/secret/${group}/1.in`]: '', [`data/secret/${group}/1.ans`]: '' });
    const problem = await loadProblem(packageWith(files));
    // 100 − 40 = 60 left for b, c and the loose test secret/1: 20 each.
    expect(problem.groups.map((g) => [g.name, g.points, g.scoring])).toEqual([
      ['secret', 20, 'each'],
      ['secret/a', 40, 'all'],
      ['secret/b', 20, 'all'],
      ['secret/c', 20, 'each'],
    ]);
  });

  it('a secret that is not summed passes or fails as one group', async () => {
    const problem = await loadProblem(
      packageWith({
        'problem.yaml': 'problem_format_version: 2023-07\ntype: scoring\n',
        'data/secret/test_group.yaml': 'scoring:\n  score: 50\n  aggregation: min\n',
        'data/secret/a/1.in': '',
        'data/secret/a/1.ans': '',
      }),
    );
    expect(problem.groups.map((g) => [g.name, g.points, g.scoring, g.tests])).toEqual([
      ['secret', 50, 'all', ['secret/1', 'secret/a/1']],
    ]);
  });

  it('refuses scores over secret’s and unbounded scores, and warns about require_pass', async () => {
    const over = packageWith({
      'problem.yaml': 'problem_format_version: 2023-07-draft\ntype: scoring\n',
      'data/secret/a/test_group.yaml': 'scoring:\n  score: 150\n',
      'data/secret/a/1.in': '',
      'data/secret/a/1.ans': '',
    });
    await expect(loadProblem(over)).rejects.toThrow(
      "data/secret: the subgroups' scores add up to 150, over secret's 100",
    );
    const unbounded = packageWith({
      'problem.yaml': 'problem_format_version: 2023-07-draft\ntype: scoring\n',
      'data/secret/test_group.yaml': 'scoring:\n  score: unbounded\n',
    });
    await expect(loadProblem(unbounded)).rejects.toThrow(
      'data/secret/test_group.yaml: unbounded scores are not supported',
    );
    const required = await loadProblem(
      packageWith({
        'problem.yaml': 'problem_format_version: 2023-07-draft\ntype: scoring\n',
        'data/secret/b/test_group.yaml': 'require_pass: sample\n',
        'data/secret/b/1.in': '',
        'data/secret/b/1.ans': '',
      }),
    );
    expect(required.warnings).toContain('data/secret/b/test_group.yaml: require_pass is not supported');
  });
});
