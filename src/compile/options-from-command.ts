import { basename, resolve } from 'node:path';
import type { CompileCommand } from './read-compile-commands.js';
import { isCSource, type Language } from './source-language.js';
import type { CompileOptions } from './types.js';
import { isKnownStandard } from './validate-compile-options.js';

// Options whose value is the next word: kept with it, never taken for the source.
const TAKES_VALUE = new Set([
  '-D',
  '-U',
  '-I',
  '-include',
  '-imacros',
  '-isystem',
  '-iquote',
  '-idirafter',
  '-iprefix',
  '-iwithprefix',
  '-iwithprefixbefore',
  '-isysroot',
  '--sysroot',
  '-Xclang',
  '-Xpreprocessor',
  '-Xassembler',
  '-Xlinker',
  '-target',
  '--target',
  '-arch',
  '-L',
  '-l',
  '--param',
  '-ivfsoverlay',
]);
// Dropped with their value: where the object and the dependency file go; saferun decides those.
const DROP_WITH_VALUE = new Set(['-o', '-MF', '-MT', '-MQ']);
// Dropped: the mode (saferun compiles with -c), dependency output, and the diagnostics' form,
// which the parsers choose.
const DROP =
  /^(?:-c|-S|-E|-fsyntax-only|-M|-MM|-MD|-MMD|-MP|-MG|-save-temps.*|-f(?:no-)?color-diagnostics|-fdiagnostics-color(?:=.*)?|-fno-diagnostics-color|-fdiagnostics-format=.*|-fansi-escape-codes)$/;
// The preprocessor's dependency options, as parts of `-Wp,-MMD,deps.d` (the Linux kernel's form).
const DEPENDENCY_PART = /^-M(?:|M|D|MD|P|G|[FTQ].*)$/;

/** `-Wp,-MMD,deps.d,-D_FORTIFY_SOURCE=2` without the dependency file: `-Wp,-D_FORTIFY_SOURCE=2`; `undefined` when nothing is left. */
function withoutDependencyParts(arg: string): string | undefined {
  const parts = arg.split(',').slice(1);
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!DEPENDENCY_PART.test(part)) kept.push(part);
    // `-MD file`, `-MMD file`, `-MF file`, ...: the file goes with it.
    else if (/^-M(?:M?D|[FTQ])$/.test(part)) i++;
  }
  return kept.length > 0 ? `-Wp,${kept.join(',')}` : undefined;
}

// Wrappers in front of the compiler.
const LAUNCHERS = new Set(['ccache', 'sccache', 'distcc', 'icecc']);

/** What compile() needs to check one entry with the entry's own compiler, flags and directory. */
export interface CommandCompile {
  /** The source, as the entry names it (relative to `options.cwd`). */
  source: string;
  options: CompileOptions & { cwd: string; compiler: string; cc: string; flags: string[] };
}

/**
 * Turns a `compile_commands.json` entry into a compile-only `compile()` call: its compiler (or
 * `compilers[language]` when given), its flags in order (defines, include dirs, `-std`, `-O`, ...),
 * its directory. The output, dependency files, colour and diagnostics format are saferun's.
 */
export function optionsFromCommand(
  command: CompileCommand,
  compilers: { 'c++'?: string | undefined; c?: string | undefined } = {},
): CommandCompile {
  let argv = command.arguments;
  while (argv.length > 1 && LAUNCHERS.has(basename(argv[0]!))) argv = argv.slice(1);
  const flags: string[] = [];
  let optimize: string | undefined;
  let std: string | undefined;
  let language: Language | undefined;
  let inputsOnly = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const isSource = !arg.startsWith('-') || inputsOnly;
    if (isSource && resolve(command.directory, arg) === command.path) continue;
    if (isSource) {
      flags.push(arg);
    } else if (arg === '--') {
      inputsOnly = true;
    } else if (DROP_WITH_VALUE.has(arg)) {
      i++;
    } else if (/^-o.|^-M[FTQ].|^--output=/.test(arg) || DROP.test(arg) || arg === '--output') {
      // `-ofile`, `-MFdeps.d`, `-c`, ...
      if (arg === '--output') i++;
    } else if (arg.startsWith('-Wp,')) {
      const kept = withoutDependencyParts(arg);
      if (kept !== undefined) flags.push(kept);
    } else if (arg === '-x' || (arg.startsWith('-x') && arg.length > 2)) {
      const value = arg === '-x' ? argv[++i] : arg.slice(2);
      if (value === 'c' || value === 'c++') language = value;
      else if (value !== undefined) flags.push('-x', value);
    } else if (/^-O[0-9sgz]?$|^-Ofast$/.test(arg)) {
      optimize = arg === '-O' ? '-O1' : arg;
    } else if (arg.startsWith('-std=') && isKnownStandard(arg)) {
      std = arg.slice('-std='.length);
    } else if (TAKES_VALUE.has(arg) && i + 1 < argv.length) {
      flags.push(arg, argv[++i]!);
    } else {
      flags.push(arg);
    }
  }
  const lang = language ?? (isCSource(command.file) ? 'c' : 'c++');
  const compiler = compilers[lang] ?? argv[0]!;
  const options: CommandCompile['options'] = {
    cwd: command.directory,
    compiler,
    cc: compiler,
    flags,
    compileOnly: true,
    // The compiler's own default when the entry says nothing: -O0.
    optimize: optimize ?? '-O0',
    // A response file's contents are not in the cache key.
    ...(flags.some((flag) => flag.startsWith('@')) ? { cache: false } : {}),
  };
  if (std !== undefined) options.std = std;
  if (language !== undefined) options.language = language;
  return { source: command.file, options };
}
