import { invalidField, problemError } from './problem-error.js';

/** The default output validator's options (the package format's `validator_flags`). */
export interface DefaultValidatorFlags {
  /** `case_sensitive`: string tokens must match byte for byte. @default false (ASCII letters fold) */
  caseSensitive?: boolean;
  /** `space_change_sensitive`: whitespace must match the answer's, byte for byte. @default false */
  spaceChangeSensitive?: boolean;
  /** `float_absolute_tolerance ε` (and `float_tolerance ε`): a number token passes when |out − ans| ≤ ε. */
  floatAbsoluteTolerance?: number;
  /** `float_relative_tolerance ε` (and `float_tolerance ε`): a number token passes when |out − ans| ≤ ε·|ans|. */
  floatRelativeTolerance?: number;
}

/** The package format's float syntax: decimal, optional exponent (no hex, no inf or nan). */
export const FLOAT_TOKEN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const EXPECTED =
  'case_sensitive, space_change_sensitive, float_tolerance ε, float_absolute_tolerance ε or float_relative_tolerance ε';

/** Words from a flags string (`float_tolerance 1e-6 case_sensitive`) or a list. */
export function splitFlags(flags: string | readonly string[]): string[] {
  if (typeof flags !== 'string') return [...flags];
  return flags.split(/\s+/).filter((word) => word !== '');
}

/**
 * Parses the default validator's flags, as Kattis' default validator and DOMjudge's compare read them:
 * a later tolerance replaces an earlier one. Throws SaferunError (ERR_INVALID_PROBLEM) for an unknown
 * flag or a bad number; `where` names the source in the message (`problem.yaml validator_flags`).
 */
export function parseValidatorFlags(
  flags: string | readonly string[],
  where = 'validator flags',
): DefaultValidatorFlags {
  const words = splitFlags(flags);
  const parsed: DefaultValidatorFlags = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === 'case_sensitive') parsed.caseSensitive = true;
    else if (word === 'space_change_sensitive') parsed.spaceChangeSensitive = true;
    else if (word === 'float_tolerance' || word === 'float_absolute_tolerance' || word === 'float_relative_tolerance') {
      const raw = words[++i];
      if (raw === undefined)
        throw problemError(`${where}: Expected a number after \`${word}\`, got the end of the flags`);
      const value = FLOAT_TOKEN.test(raw) ? Number(raw) : NaN;
      if (!(value >= 0) || !Number.isFinite(value))
        throw invalidField(where, word, 'followed by a non-negative number', raw);
      if (word !== 'float_relative_tolerance') parsed.floatAbsoluteTolerance = value;
      if (word !== 'float_absolute_tolerance') parsed.floatRelativeTolerance = value;
    } else {
      throw invalidField(where, 'flag', `one of ${EXPECTED}`, word);
    }
  }
  return parsed;
}
