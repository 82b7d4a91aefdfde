import { basename } from 'node:path';
import { outputValidatorFlagsOf, settingsOf } from './data-settings.js';
import { findValidator } from './find-validator.js';
import { packageGroups } from './package-groups.js';
import { problemError } from './problem-error.js';
import { readDomjudgeFiles, type DomjudgeFiles } from './read-domjudge-files.js';
import { readProblemYaml, type ProblemYaml } from './read-problem-yaml.js';
import { parseValidatorFlags } from './validator-flags.js';
import { walkData } from './walk-data.js';
import type { Problem, ProblemTest, ProblemValidation, ValidatorProgram } from './types.js';

/** problem.yaml's `limits.time_limit`, else domjudge-problem.ini's `timelimit`, else `.timelimit`. */
function pickTimeLimit(yaml: ProblemYaml, domjudge: DomjudgeFiles, warnings: string[]): number | undefined {
  const sources: [string, number | undefined][] = [
    ['problem.yaml limits.time_limit', yaml.limits.timeLimitMs],
    ['domjudge-problem.ini timelimit', domjudge.iniTimeLimitMs],
    ['.timelimit', domjudge.timelimitFileMs],
  ];
  const given = sources.filter((source): source is [string, number] => source[1] !== undefined);
  const [first] = given;
  if (!first) {
    warnings.push(
      'the package sets no time limit (.timelimit, domjudge-problem.ini or limits.time_limit): the judge default applies',
    );
    return undefined;
  }
  for (const [source, ms] of given.slice(1))
    if (ms !== first[1]) warnings.push(`${first[0]} (${first[1]} ms) is used, not ${source} (${ms} ms)`);
  return first[1];
}

function validationOf(yaml: ProblemYaml, program: ValidatorProgram | undefined): ProblemValidation {
  if (program) return yaml.interactive ? { kind: 'interactive', program } : { kind: 'custom', program };
  if (yaml.custom)
    throw problemError(
      `problem.yaml asks for a ${yaml.interactive ? 'interactive' : 'custom'} validator, but output_validators/ has none`,
    );
  return { kind: 'default' };
}

/**
 * An ICPC problem package (the format DOMjudge and Kattis read): problem.yaml, DOMjudge's .timelimit and
 * domjudge-problem.ini, data/sample and data/secret with their settings files, and output_validators/.
 */
export async function loadPackage(dir: string): Promise<Problem> {
  const [yaml, domjudge, tree, program] = await Promise.all([
    readProblemYaml(dir),
    readDomjudgeFiles(dir),
    walkData(dir),
    findValidator(dir),
  ]);
  if (tree.tests.length === 0)
    throw problemError(`no tests in ${dir}: expected data/sample or data/secret with NAME.in and NAME.ans`);
  const warnings = [...yaml.warnings, ...domjudge.warnings, ...tree.warnings];
  const validation = validationOf(yaml, program);
  const tests = tree.tests.map((test): ProblemTest => {
    const settings = settingsOf(tree, test.dir, yaml.modern);
    const validatorFlags = [...yaml.validatorFlags, ...outputValidatorFlagsOf(settings)];
    // The default validator's flags are checked now: a bad flag is the package's fault, found before judging.
    if (validation.kind === 'default') parseValidatorFlags(validatorFlags, `the validator flags of data/${test.dir}`);
    const loaded: ProblemTest = { name: test.name, inputFile: test.inputFile, validatorFlags };
    if (test.answerFile) loaded.expectedFile = test.answerFile;
    else loaded.problem = `no answer file data/${test.name}.ans`;
    return loaded;
  });
  const { groups, warnings: groupWarnings } = packageGroups(tree, yaml);
  const timeLimitMs = pickTimeLimit(yaml, domjudge, warnings);
  return {
    kind: 'package',
    dir,
    name: yaml.name ?? domjudge.name ?? basename(dir),
    formatVersion: yaml.formatVersion,
    tests,
    groups,
    scored: yaml.scored,
    limits: { ...yaml.limits, ...(timeLimitMs === undefined ? {} : { timeLimitMs }) },
    validatorLimits: yaml.validatorLimits,
    compileLimits: yaml.compileLimits,
    validation,
    ...(domjudge.points === undefined ? {} : { points: domjudge.points }),
    warnings: [...warnings, ...groupWarnings],
  };
}
