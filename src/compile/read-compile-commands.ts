import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseCommand } from '../process/index.js';
import { describeValue } from '../shared/index.js';
import type { CompileError } from './types.js';

/** One entry of a `compile_commands.json` (the JSON compilation database of CMake, Bear, Meson...). */
export interface CompileCommand {
  /** The working directory of the command, absolute. */
  directory: string;
  /** The source as the entry names it: relative to `directory`, or absolute. */
  file: string;
  /** The source's absolute path. */
  path: string;
  /** The command's argv, compiler first: `arguments`, or `command` split as a shell would. */
  arguments: string[];
}

export type ReadCompileCommands =
  | { ok: true; /** The database file read. */ file: string; commands: CompileCommand[] }
  | { ok: false; error: CompileError };

const NAME = 'compile_commands.json';

function invalid(message: string): ReadCompileCommands {
  return { ok: false, error: { code: 'ERR_INVALID_COMPILE_COMMANDS', message } };
}

/** Where the database is: `dir/compile_commands.json`, or the file itself when named; `shown` as the caller wrote it. */
async function locate(path: string, cwd: string): Promise<{ file: string; shown: string } | CompileError> {
  const absolute = resolve(cwd, path);
  const info = await stat(absolute).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (info instanceof Error) return { code: info.code ?? 'EIO', message: `No such file or directory: ${path}` };
  if (!info.isDirectory()) return { file: absolute, shown: path };
  const file = join(absolute, NAME);
  const found = await stat(file).catch(() => undefined);
  return found?.isFile() ? { file, shown: join(path, NAME) } : { code: 'ENOENT', message: `No ${NAME} in ${path}` };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string');
}

function readEntry(raw: unknown, index: number, where: string, base: string): CompileCommand | string {
  const at = `entry ${index} of ${where}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return `Expected ${at} to be an object, got ${describeValue(raw)}`;
  const entry = raw as Record<string, unknown>;
  if (typeof entry.directory !== 'string' || entry.directory === '')
    return `Expected \`directory\` of ${at} to be a path, got ${describeValue(entry.directory)}`;
  if (typeof entry.file !== 'string' || entry.file === '')
    return `Expected \`file\` of ${at} to be a path, got ${describeValue(entry.file)}`;
  let argv: string[];
  if (entry.arguments !== undefined) {
    const list: unknown = entry.arguments;
    if (!isStringList(list))
      return `Expected \`arguments\` of ${at} to be a non-empty array of strings, got ${describeValue(list)}`;
    argv = list;
  } else if (typeof entry.command === 'string') {
    try {
      argv = parseCommand(entry.command);
    } catch (error) {
      return `Cannot split \`command\` of ${at}: ${(error as Error).message}`;
    }
    if (argv.length === 0) return `Expected \`command\` of ${at} to name a compiler, got an empty string`;
  } else {
    return `Expected ${at} to have \`arguments\` (an array) or \`command\` (a string), got neither`;
  }
  // The format wants an absolute `directory`; a relative one is read from the database's own.
  const directory = resolve(base, entry.directory);
  return { directory, file: entry.file, path: resolve(directory, entry.file), arguments: argv };
}

/**
 * Reads a `compile_commands.json` (given as the file or the directory holding it): every entry,
 * in order, with its argv. Never throws: a missing or malformed database is an `error` that says
 * which entry and which field.
 * @example
 * const db = await readCompileCommands('build');
 * if (db.ok) console.log(db.commands.map((c) => c.path));
 */
export async function readCompileCommands(path: string, cwd = process.cwd()): Promise<ReadCompileCommands> {
  const found = await locate(path, cwd);
  if ('code' in found) return { ok: false, error: found };
  const { file, shown: where } = found;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code) return { ok: false, error: { code, message: `Cannot read ${where} (${code})` } };
    return invalid(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) return invalid(`Expected ${where} to hold an array of entries, got ${describeValue(raw)}`);
  const commands: CompileCommand[] = [];
  for (const [index, item] of raw.entries()) {
    const entry = readEntry(item, index, where, dirname(file));
    if (typeof entry === 'string') return invalid(entry);
    commands.push(entry);
  }
  return { ok: true, file, commands };
}
