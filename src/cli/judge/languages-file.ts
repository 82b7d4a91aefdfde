import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateProfiles, type LanguageProfile } from '../../judge/index.js';
import { UsageError } from '../kit/index.js';

/** `--languages FILE`: a JSON array of profiles (or `{ "languages": [...] }`); anything else is a usage error. */
export async function readLanguagesFile(path: string, cwd: string): Promise<LanguageProfile[]> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(`--languages cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--languages needs a JSON file of language profiles; ${path}: ${(error as Error).message}`);
  }
  const list = (value as { languages?: unknown } | null)?.languages ?? value;
  try {
    return validateProfiles(list, path);
  } catch (error) {
    throw new UsageError(`--languages: ${(error as Error).message}`);
  }
}
