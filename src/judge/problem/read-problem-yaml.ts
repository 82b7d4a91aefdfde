import { join } from 'node:path';
import { invalidField, isRecord, problemError } from './problem-error.js';
import { readYamlMap } from './read-config.js';
import { readLimits } from './read-limits.js';
import { splitFlags } from './validator-flags.js';
import type { Problem } from './types.js';

/** What problem.yaml says, in the legacy format and in 2023-07 (keys of both are read, as DOMjudge does). */
export interface ProblemYaml extends Pick<Problem, 'limits' | 'validatorLimits' | 'compileLimits'> {
  /** `problem_format_version`; `legacy` when absent. */
  formatVersion: string;
  /** 2023-07 and later: scoring and settings follow the newer rules. */
  modern: boolean;
  name?: string;
  scored: boolean;
  interactive: boolean;
  /** `validation: custom...` or `type: interactive`: a validator must be in the package. */
  custom: boolean;
  /** `validator_flags` (legacy): passed to every output validator. */
  validatorFlags: string[];
  warnings: string[];
}

const UNSUPPORTED_TYPES = new Set(['multi-pass', 'submit-answer']);
const KNOWN_TYPES = new Set(['pass-fail', 'scoring', 'interactive', ...UNSUPPORTED_TYPES]);

function readName(raw: unknown, where: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' || typeof raw === 'number') return String(raw);
  // A map of language → name: English, else the first (as DOMjudge picks).
  if (isRecord(raw)) {
    const name = raw.en ?? Object.values(raw)[0];
    if (typeof name === 'string') return name;
  }
  throw invalidField(where, 'name', 'a string or a map of language to name', raw);
}

function readWords(raw: unknown, where: string, name: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string') return splitFlags(raw);
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return raw;
  throw invalidField(where, name, 'a string or a list of strings', raw);
}

function readTypes(raw: unknown, where: string): string[] {
  const types = readWords(raw, where, 'type');
  for (const type of types) {
    if (!KNOWN_TYPES.has(type))
      throw invalidField(where, 'type', 'pass-fail, scoring, interactive, multi-pass or submit-answer', type);
    if (UNSUPPORTED_TYPES.has(type)) throw problemError(`${where}: \`type: ${type}\` problems are not supported`);
  }
  return types;
}

/** `validation: default | custom [interactive] [score]` (legacy). */
function readValidation(raw: unknown, where: string, warnings: string[]): { custom: boolean; interactive: boolean } {
  const words = readWords(raw, where, 'validation');
  const [mode = 'default', ...rest] = words;
  if (mode !== 'default' && mode !== 'custom')
    throw invalidField(where, 'validation', "'default' or 'custom ...'", raw);
  for (const word of rest) {
    if (mode === 'default') throw invalidField(where, 'validation', "'default' alone", raw);
    if (word === 'multi-pass') throw problemError(`${where}: \`validation: custom multi-pass\` is not supported`);
    if (word === 'score')
      warnings.push(`${where}: validation "score": scores from the validator (score.txt) are not read`);
    else if (word !== 'interactive')
      throw invalidField(where, 'validation', 'custom followed by interactive or score', raw);
  }
  return { custom: mode === 'custom', interactive: rest.includes('interactive') };
}

/** Reads problem.yaml (an empty result when the package has none, as DOMjudge allows). */
export async function readProblemYaml(dir: string): Promise<ProblemYaml> {
  const where = 'problem.yaml';
  const raw = (await readYamlMap(join(dir, where), where)) ?? {};
  const version = raw.problem_format_version ?? 'legacy';
  if (typeof version !== 'string') throw invalidField(where, 'problem_format_version', 'a string', version);
  const warnings: string[] = [];
  const types = readTypes(raw.type, where);
  const validation = readValidation(raw.validation, where, warnings);
  const interactive = validation.interactive || types.includes('interactive');
  const name = readName(raw.name, where);
  return {
    formatVersion: version,
    modern: version !== 'legacy' && version !== 'legacy-icpc',
    ...(name === undefined ? {} : { name }),
    scored: types.includes('scoring'),
    interactive,
    custom: validation.custom || interactive,
    validatorFlags: readWords(raw.validator_flags, where, 'validator_flags'),
    ...readLimits(raw.limits, where),
    warnings,
  };
}
