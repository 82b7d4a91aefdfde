import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describeValue } from '../../shared/index.js';
import { isRecord, problemError } from './problem-error.js';

/** A file's text, or undefined when it does not exist. */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw problemError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * A YAML (or JSON) file holding a map: {} when it is empty, undefined when it does not exist.
 * `label` names the file in messages (`data/secret/testdata.yaml`).
 */
export async function readYamlMap(path: string, label: string): Promise<Record<string, unknown> | undefined> {
  const text = await readOptionalFile(path);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    // The yaml package's messages carry the line and column.
    throw problemError(`${label}: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw problemError(`${label}: Expected a map of settings, got ${describeValue(value)}`);
  return value;
}
