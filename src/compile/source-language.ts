import { isCppSource } from './is-cpp-source.js';

export type Language = 'c' | 'c++';

/** A C source by its name: `.c` (lower case; `.C` is C++). */
export function isCSource(path: string): boolean {
  return path.endsWith('.c');
}

function languageOfName(name: string): Language | undefined {
  if (isCSource(name)) return 'c';
  return isCppSource(name) ? 'c++' : undefined;
}

/** The program's language: the one asked for, else C when every source is named `*.c`, else C++. */
export function programLanguage(names: string[], given: Language | undefined): Language {
  return given ?? (names.length > 0 && names.every(isCSource) ? 'c' : 'c++');
}

/**
 * The sources as compiler arguments, each compiled in its own language: a C++ driver (`g++`,
 * `clang++`) takes `.c` for C++, so a C source in a C++ program gets `-x c`; a source with another
 * name, or a language asked for, gets `-x` too. `-x none` ends it, so later flags stay inputs.
 */
export function sourceArguments(
  sources: { arg: string; display: string }[],
  program: Language,
  given: Language | undefined,
): string[] {
  const args: string[] = [];
  let current: Language | 'none' = 'none';
  for (const source of sources) {
    const named = languageOfName(source.display);
    const wanted = given ?? named ?? program;
    const guessed = named === 'c' && program === 'c++' ? 'c++' : named;
    // A language asked for is always said: the driver (`gcc` or `g++`) is the caller's choice then.
    const needed: Language | 'none' = given ?? (wanted === guessed ? 'none' : wanted);
    if (needed !== current) args.push('-x', needed);
    current = needed;
    args.push(source.arg);
  }
  if (current !== 'none') args.push('-x', 'none');
  return args;
}

/** `-std=c11` is for C and `-std=c++17` for C++: a standard of the other language is left out. */
export function standardFor(std: string | undefined, language: Language): string | undefined {
  if (std === undefined) return undefined;
  const isCpp = /\+\+/.test(std);
  return isCpp === (language === 'c++') ? std : undefined;
}
