import { BUILTIN_PROFILES } from '../judge/index.js';
import { SaferunError } from '../shared/index.js';
import { invalidField } from './invalid-field.js';
import type { JobFile } from './types.js';

const MAX_FILES = 64;
const MAX_TOTAL_BYTES = 1 << 20;
const LANGUAGE_IDS = BUILTIN_PROFILES.map((profile) => profile.id);

/** A job's `language`: a built-in profile's id (the worker's toolchains; see judge --list-languages). */
export function validateLanguage(value: unknown): string {
  if (value === undefined) return 'cpp';
  if (typeof value === 'string' && LANGUAGE_IDS.includes(value)) return value;
  throw invalidField('language', `one of ${LANGUAGE_IDS.map((id) => `'${id}'`).join(', ')}`, value);
}

function isPlainName(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z0-9_+][A-Za-z0-9_.+-]*$/.test(name) && name.length <= 255;
}

/** A job's `files`: `{ name, content }` each, plain distinct names (no dirs), at most 1 MiB in all. */
export function validateFiles(value: unknown): JobFile[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_FILES)
    throw invalidField('files', `a non-empty array of at most ${MAX_FILES} \`{ name, content }\``, value);
  const names = new Set<string>();
  let total = 0;
  const files = value.map((file: unknown, index): JobFile => {
    const item = file as Partial<Record<'name' | 'content', unknown>> | null;
    if (typeof item !== 'object' || item === null)
      throw invalidField(`files[${index}]`, 'an object `{ name, content }`', file);
    if (!isPlainName(item.name))
      throw invalidField(`files[${index}].name`, 'a plain file name such as `main.py` (no dirs)', item.name);
    if (names.has(item.name)) throw invalidField(`files[${index}].name`, 'a name no other file has', item.name);
    names.add(item.name);
    if (typeof item.content !== 'string') throw invalidField(`files[${index}].content`, 'a string', item.content);
    total += Buffer.byteLength(item.content);
    return { name: item.name, content: item.content };
  });
  if (total > MAX_TOTAL_BYTES)
    throw new SaferunError(
      'ERR_INVALID_JOB',
      `Expected \`files\` to be at most ${MAX_TOTAL_BYTES} bytes in all, got ${total} bytes`,
    );
  return files;
}

/**
 * Without `language`, the entry point's extension picks it: one no built-in language has is the
 * back end's mistake, refused here rather than an IE on a worker after every retry.
 */
export function checkEntryExtension(files: JobFile[], main: string | undefined): void {
  const entry = main ?? files[0]!.name;
  if (!BUILTIN_PROFILES.some((profile) => profile.extensions.some((extension) => entry.endsWith(extension))))
    throw invalidField(
      'language',
      `given when the entry point (${entry}) has an extension no built-in language takes`,
      undefined,
    );
}

/** A job's `main`: the name of one of its files. */
export function validateMain(value: unknown, files: JobFile[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!files?.some((file) => file.name === value)) throw invalidField('main', 'the name of one of `files`', value);
  return value as string;
}
