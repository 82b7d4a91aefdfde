import type { SandboxMode } from '../sandbox/index.js';

/** One message of the compiler, parsed from its JSON or text output. */
export interface Diagnostic {
  /** The file as the compiler named it; `''` for messages about no file (driver, linker). */
  file: string;
  /** 1-based; 0 when the message has no line (linker errors, driver errors). */
  line: number;
  /** 1-based; 0 when the message has no column. */
  column: number;
  severity: 'error' | 'warning' | 'note';
  message: string;
  /** The warning option that enabled it, e.g. `-Wunused-variable`, when the compiler said. */
  option?: string;
}

/** How a compile ended. A `switch` over it with a `never` default compiles. */
export type CompileKind =
  /** Compiled (and linked, unless `syntaxOnly`); there may be warnings. */
  | 'ok'
  /** The compiler or linker reported errors. */
  | 'compile-error'
  /** The compiler ran past `timeout` and was killed. */
  | 'timeout'
  /** The compiler printed more than `maxOutput` bytes and was killed; diagnostics are cut. */
  | 'output-limit'
  /** The compiler ran out of memory under `memoryLimitMb`. */
  | 'memory-limit'
  /** The `signal` option was aborted. */
  | 'aborted'
  /** The compiler could not be found or started. */
  | 'compiler-missing'
  /** A source is missing, a directory, empty, or an option is invalid. */
  | 'invalid-input';

export interface CompileError {
  /** `ENOENT`, `EISDIR`, `EEMPTY`, `ERR_INVALID_OPTION`, ... */
  code: string;
  message: string;
}

export interface CompileResult {
  ok: boolean;
  kind: CompileKind;
  /** Path of the binary (the object file with `compileOnly`), set when `output` was given and the compile succeeded (not with `syntaxOnly`). */
  binary?: string;
  diagnostics: Diagnostic[];
  /** The compiler's raw stderr (JSON diagnostics included), cut at `maxOutput`. */
  stderr: string;
  durationMs: number;
  /** The verdict (and binary) came from the result cache; the compiler did not run. */
  cached: boolean;
  /** The compiler command line, shell-escaped. */
  command: string;
  /** Why the compile could not be attempted (`invalid-input`, `compiler-missing`). */
  error?: CompileError;
  /** A precompiled `bits/stdc++.h` was used. */
  pch?: boolean;
  /** Where the compiler ran: in bubblewrap, or on the host (absent when it could not be attempted). */
  sandbox?: 'bwrap' | 'none';
}

/** A source file path, or source text with a file name for the diagnostics. */
export type SourceInput = string | { code: string; name?: string };

/** Said when a precompiled header starts and ends building (seconds, once per compiler and flags). */
export interface PchBuildEvent {
  state: 'building' | 'built' | 'failed';
  /** The compiler as given, e.g. `g++` or `clang++`. */
  compiler: string;
  /** Its major version, e.g. `12`. */
  major: number;
  /** The flags the header is built for, e.g. `['-std=c++17', '-O2']`. */
  flags: string[];
  /** Milliseconds the build took (`built`, `failed`). */
  durationMs?: number;
}

export interface CompileOptions {
  /** C++ compiler, `g++` or `clang++` (or a path): used for C++ programs. @default 'g++' */
  compiler?: string;
  /** C compiler, `gcc` or `clang` (or a path): used for programs whose sources are all C (`.c`). @default 'gcc' */
  cc?: string;
  /**
   * The language of the sources: `c` or `c++`. @default by the file names: all `.c` (or source
   * text named `*.c`) is C, anything else C++
   */
  language?: 'c' | 'c++';
  /** Language standard, e.g. `c++17` or `c11`; used for sources of its language only. @default undefined (the compiler's default) */
  std?: string;
  /** Optimisation flag. @default '-O2' */
  optimize?: string;
  /** Extra compiler flags, e.g. `['-Wall', '-Wextra']`. */
  flags?: string[];
  /** Directories added with `-I`. */
  includeDirs?: string[];
  /** Macros: `{ LOCAL: true, N: 10 }` or `['LOCAL', 'N=10']`. */
  defines?: Record<string, string | number | boolean> | string[];
  /** Where to write the binary. @default undefined (checked only: the binary goes to the cache or a temp dir) */
  output?: string;
  /** `-fsyntax-only`: no code generation, no link. @default false */
  syntaxOnly?: boolean;
  /**
   * `-c`: compile one source to an object file, no link (`output` is then the object file). A
   * source without `main` passes. @default false
   */
  compileOnly?: boolean;
  /** `-Werror`. @default false */
  warningsAsErrors?: boolean;
  /** Compile-time limit in milliseconds. @default 30000 */
  timeout?: number;
  /** Bytes of compiler output kept; past it the compiler is killed (`output-limit`). @default 1048576 (1 MiB) */
  maxOutput?: number;
  /**
   * Address-space limit of the compiler in MiB (`ulimit -v`), `false` for none. A contest program
   * needs about 200 MiB; g++ fails below about 128 MiB. Past it: `memory-limit`. @default 2048
   */
  memoryLimitMb?: number | false;
  /** Use a precompiled `bits/stdc++.h` when the source includes it. @default true */
  pch?: boolean;
  /** Use and fill the result cache. @default true */
  cache?: boolean;
  /** Cache directory. @default `$SAFERUN_CACHE_DIR`, else `$XDG_CACHE_HOME/saferun`, else `~/.cache/saferun` */
  cacheDir?: string;
  /** Working directory for relative paths. @default process.cwd() */
  cwd?: string;
  /** Aborting it kills the compiler; the result is `aborted`. */
  signal?: AbortSignal;
  /** Called when a precompiled header this compile needs starts building, and when it is done (a progress line). */
  onPchBuild?: (event: PchBuildEvent) => void;
  /**
   * Compile untrusted source in bubblewrap: a private copy of the sources, the include dirs and the
   * PCH read-only, an unprivileged uid, no network, a minimal environment (see docs/compile-check.md).
   * `'auto'` falls back to the host with a warning when bubblewrap does not work; `'bwrap'` then
   * fails with `invalid-input` (`ERR_SANDBOX_UNAVAILABLE`). @default 'none' (trusted source)
   */
  sandbox?: SandboxMode;
}
