import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { describeValue } from '../shared/index.js';
import type { CompileError } from './types.js';

/** A source ready for the compiler. */
export interface PreparedSource {
  /** The path given to the compiler (as the user wrote it, so diagnostics name it the same way). */
  arg: string;
  /** The absolute path. */
  path: string;
  /** The name diagnostics show: `arg`, or the `name` of source text. */
  display: string;
  text: string;
}

function invalid(code: string, message: string): CompileError {
  return { code, message };
}

async function readSourceFile(arg: string, cwd: string): Promise<PreparedSource | CompileError> {
  const path = resolve(cwd, arg);
  try {
    const info = await stat(path);
    if (info.isDirectory()) return invalid('EISDIR', `Source \`${arg}\` is a directory, not a file`);
    if (!info.isFile()) return invalid('ENOTFILE', `Source \`${arg}\` is not a regular file`);
    if (info.size === 0) return invalid('EEMPTY', `Source \`${arg}\` is empty`);
    // `-dash.cpp` would be an option: `./-dash.cpp` never is (GCC has no `--` before files).
    const safe = arg.startsWith('-') ? `./${arg}` : arg;
    return { arg: safe, path, display: arg, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code})`;
    return invalid(code, `Source \`${arg}\` ${reason}`);
  }
}

/** Checks each source; source text is written into `scratchDir` under its name. */
export async function prepareSources(
  raw: unknown,
  cwd: string,
  scratchDir: () => Promise<string>,
): Promise<PreparedSource[] | CompileError> {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0)
    return invalid('ERR_INVALID_OPTION', 'Expected `sources` to name at least one source, got `[]` (array)');
  const prepared: PreparedSource[] = [];
  for (const [index, item] of list.entries()) {
    if (typeof item === 'string' && item !== '') {
      const source = await readSourceFile(item, cwd);
      if ('code' in source) return source;
      prepared.push(source);
    } else if (typeof item === 'object' && item !== null && typeof (item as { code?: unknown }).code === 'string') {
      const { code, name } = item as { code: string; name?: unknown };
      if (name !== undefined && (typeof name !== 'string' || basename(name) === '' || name.includes('\0'))) {
        return invalid(
          'ERR_INVALID_OPTION',
          `Expected \`sources[${index}].name\` to be a file name, got ${describeValue(name)}`,
        );
      }
      const display = name ?? (index === 0 ? 'main.cpp' : `source${index}.cpp`);
      if (code.trim() === '') return invalid('EEMPTY', `Source \`${display}\` is empty`);
      const path = join(await scratchDir(), `${index}-${basename(display)}`);
      await writeFile(path, code);
      prepared.push({ arg: path, path, display, text: code });
    } else {
      return invalid(
        'ERR_INVALID_OPTION',
        `Expected \`sources[${index}]\` to be a path or { code, name }, got ${describeValue(item)}`,
      );
    }
  }
  return prepared;
}
