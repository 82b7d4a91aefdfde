import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { describeValue, mapBounded } from '../shared/index.js';
import { compile } from './compile.js';
import { makeFailedResult } from './make-failed-result.js';
import { optionsFromCommand } from './options-from-command.js';
import type { CompileCommand } from './read-compile-commands.js';
import type { CompileOptions, CompileResult, Diagnostic } from './types.js';

/** Options for checking `compile_commands.json` entries; the entries bring compiler, flags and directory. */
export interface CompileProjectOptions extends Pick<
  CompileOptions,
  | 'timeout'
  | 'maxOutput'
  | 'memoryLimitMb'
  | 'pch'
  | 'cache'
  | 'cacheDir'
  | 'warningsAsErrors'
  | 'syntaxOnly'
  | 'signal'
  | 'onPchBuild'
> {
  /** The C++ compiler instead of each C++ entry's own. */
  compiler?: string;
  /** The C compiler instead of each C entry's own. */
  cc?: string;
  /** Extra flags after each entry's own, e.g. `['-Wall']`. */
  flags?: string[];
  /** Where each entry's object file goes; `undefined` (the default) keeps none. */
  outputFor?: (command: CompileCommand, index: number) => string | undefined;
  /** Diagnostics name files relative to it (files outside it stay absolute). @default process.cwd() */
  cwd?: string;
  /** Compiles at once. @default os.availableParallelism() */
  jobs?: number;
  /** Called as each entry finishes (in completion order). */
  onResult?: (result: CompileResult, index: number) => void;
}

/** `../src/a.cpp` from the entry's directory becomes `src/a.cpp` from `cwd`; system headers stay absolute. */
export function showPath(file: string, directory: string, cwd: string): string {
  const absolute = resolve(directory, file);
  const shown = relative(cwd, absolute);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? absolute : shown;
}

function reframe(result: CompileResult, directory: string, cwd: string): CompileResult {
  const diagnostics = result.diagnostics.map((d): Diagnostic =>
    d.file === '' ? d : { ...d, file: showPath(d.file, directory, cwd) },
  );
  return { ...result, diagnostics };
}

/**
 * Compiles each `compile_commands.json` entry on its own (compile only, `-c`), with the entry's
 * compiler, flags and working directory, `jobs` at a time, through the PCH and the result cache.
 * Results come back in the order of `commands`. Never throws.
 * @example
 * const db = await readCompileCommands('build');
 * if (db.ok) for (const r of await compileProject(db.commands)) console.log(r.ok);
 */
export async function compileProject(
  commands: CompileCommand[],
  rawOptions: CompileProjectOptions = {},
): Promise<CompileResult[]> {
  const { compiler, cc, flags = [], outputFor, cwd = process.cwd(), jobs, onResult, ...shared } = rawOptions;
  const limit = jobs ?? availableParallelism();
  if (!Number.isInteger(limit) || limit < 1) {
    const message = `Expected \`jobs\` to be a positive integer, got ${describeValue(jobs)}`;
    const error = { code: 'ERR_INVALID_OPTION', message };
    return commands.map(() => makeFailedResult('invalid-input', error, performance.now()));
  }
  const results = await mapBounded(commands, limit, async (command, index) => {
    const { source, options } = optionsFromCommand(command, { 'c++': compiler, c: cc });
    const output = outputFor?.(command, index);
    const result = await compile(source, {
      ...shared,
      ...options,
      flags: [...options.flags, ...flags],
      // `syntaxOnly` instead of compiling to an object: faster, no code generation.
      ...(shared.syntaxOnly ? { compileOnly: false } : {}),
      ...(output === undefined ? {} : { output }),
    });
    const shown = reframe(result, command.directory, resolve(cwd));
    try {
      onResult?.(shown, index);
    } catch {
      // A progress callback that throws must not lose the other results.
    }
    return shown;
  });
  return results as CompileResult[];
}
