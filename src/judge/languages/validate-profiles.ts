import { invalidValue } from '../../shared/index.js';
import type { LanguageProfile } from './types.js';

type Raw = Record<string, unknown>;

function fail(name: string, expected: string, value: unknown): never {
  throw invalidValue('ERR_INVALID_OPTION', name, expected, value);
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkStrings(name: string, value: unknown, optional = true): void {
  if (value === undefined && optional) return;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string'))
    fail(name, 'an array of strings', value);
}

function checkCommand(name: string, value: unknown, optional: boolean): void {
  if (value === undefined && optional) return;
  if (!isObject(value)) fail(name, 'an object with `command` and `args`', value);
  if (typeof value.command !== 'string' || value.command === '')
    fail(`${name}.command`, 'a non-empty string', value.command);
  checkStrings(`${name}.args`, value.args);
}

function checkEnv(name: string, value: unknown): void {
  if (value === undefined) return;
  if (!isObject(value) || !Object.values(value).every((item) => typeof item === 'string'))
    fail(name, 'an object of strings', value);
}

function checkCompile(name: string, value: unknown): void {
  if (value === undefined) return;
  checkCommand(name, value, false);
  const step = value as Raw;
  if (step.builder !== undefined && step.builder !== 'step' && step.builder !== 'compile')
    fail(`${name}.builder`, "'step' or 'compile'", step.builder);
  checkStrings(`${name}.outputs`, step.outputs);
  for (const field of ['timeMs', 'processes'] as const)
    if (step[field] !== undefined && !(Number.isInteger(step[field]) && (step[field] as number) > 0))
      fail(`${name}.${field}`, 'a positive integer', step[field]);
  if (
    step.memoryMb !== undefined &&
    step.memoryMb !== false &&
    !(Number.isInteger(step.memoryMb) && (step.memoryMb as number) > 0)
  )
    fail(`${name}.memoryMb`, 'a positive integer or false', step.memoryMb);
  checkEnv(`${name}.env`, step.env);
}

/** Checks one profile; throws a SaferunError naming the field (`languages[2].run.command`). */
function checkProfile(name: string, value: unknown): LanguageProfile {
  if (!isObject(value)) fail(name, 'a language profile object', value);
  if (typeof value.id !== 'string' || !/^[a-z0-9][a-z0-9+#._-]*$/i.test(value.id))
    fail(`${name}.id`, 'a word such as `python` or `cpp17`', value.id);
  if (typeof value.name !== 'string' || value.name === '') fail(`${name}.name`, 'a non-empty string', value.name);
  checkStrings(`${name}.extensions`, value.extensions, false);
  for (const extension of value.extensions as string[])
    if (!/^\.[^./]+$/.test(extension))
      fail(`${name}.extensions`, 'extensions with their dot, such as `.py`', extension);
  checkCompile(`${name}.compile`, value.compile);
  checkCommand(`${name}.run`, value.run, false);
  checkEnv(`${name}.env`, value.env);
  checkStrings(`${name}.readOnlyPaths`, value.readOnlyPaths);
  for (const path of (value.readOnlyPaths as string[] | undefined) ?? [])
    if (!path.startsWith('/')) fail(`${name}.readOnlyPaths`, 'absolute paths', path);
  if (value.locate !== undefined) {
    if (!isObject(value.locate)) fail(`${name}.locate`, 'an object of tool name → arguments', value.locate);
    for (const [tool, args] of Object.entries(value.locate)) checkStrings(`${name}.locate.${tool}`, args, false);
  }
  checkCommand(`${name}.version`, value.version, true);
  return value as unknown as LanguageProfile;
}

/** Validates the `languages` option (user profiles); throws a SaferunError that names the field. */
export function validateProfiles(value: unknown, name = 'languages'): LanguageProfile[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(name, 'an array of language profiles', value);
  return value.map((profile, i) => checkProfile(`${name}[${i}]`, profile));
}
