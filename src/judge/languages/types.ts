import type { CompileOptions, CompileResult } from '../../compile/index.js';
import type { SandboxMode } from '../../sandbox/index.js';

/**
 * A command of a profile. `command` is a name looked up on PATH or an absolute path; in `args` (and
 * in the run's `command`) these placeholders are replaced: `{main}` the entry point's file name,
 * `{mainBase}` that name without its extension (a Java class), `{sources}` every source file (one
 * argument each), `{dir}` the program dir (runs only), `{memoryMb}`, `{stackMb}` and `{heapMb}`
 * (the memory limit less a runtime's own share: the larger of half the limit and the limit − 64).
 */
export interface LanguageCommand {
  command: string;
  args?: string[];
}

/** How the submission is built; run in the sandbox like a C++ compile, its failure a `CE`. */
export interface LanguageCompileStep extends LanguageCommand {
  /**
   * `'compile'`: through saferun's compile() (C and C++: the precompiled header and result cache);
   * `command` is the compiler and `args` extra flags. `'step'`: the command as given. @default 'step'
   */
  builder?: 'step' | 'compile';
  /** Names the step leaves in its work dir that the run needs (files or dirs). @default [] (a check only) */
  outputs?: string[];
  /** Wall-clock limit of the step. @default 30000 */
  timeMs?: number;
  /** Address space of each of its processes in MiB, `false` for none. @default 2048 */
  memoryMb?: number | false;
  /** Processes and threads at once. @default 64 */
  processes?: number;
  /** Extra environment of the step. */
  env?: Record<string, string>;
}

/** A language, as data: what the judge needs to compile and run a submission in it. */
export interface LanguageProfile {
  /** `cpp`, `python`, ...: what `language` and `--language` name. */
  id: string;
  name: string;
  /** File extensions with the dot (`.py`); the entry point's picks the language. */
  extensions: string[];
  /** The build or check; none for a language run from its sources as they are. Files of other extensions (headers) are copied, not in `{sources}`. */
  compile?: LanguageCompileStep;
  /** The run: `{dir}/main` for a built binary, or an interpreter and its arguments. */
  run: LanguageCommand;
  /** Environment of the run, over PATH and LANG. */
  env?: Record<string, string>;
  /**
   * Finds a tool's real install when PATH holds a shim or a proxy (pyenv, rustup): tool name → the
   * arguments that make it print its install prefix (shown read-only in the sandbox) on the first
   * line and, optionally, its real executable on the second (else `PREFIX/bin/NAME`).
   */
  locate?: Record<string, string[]>;
  /** More host paths to show read-only, in the sandbox, to the compile and the run. */
  readOnlyPaths?: string[];
  /** The version probe: the first line it prints. @default the compile (else run) command with `--version` */
  version?: LanguageCommand;
}

/** What to prepare: the submission's files and how to pick its language. */
export interface PrepareRequest {
  /** The submission's files (host paths); the first is the entry point unless `main` names another. */
  files: readonly string[];
  /** A profile id; @default by the entry point's extension */
  language?: string;
  /** The entry point's file name or path (one of `files`). */
  main?: string;
  /** Dirs of headers (C, C++), read-only to the compiler. */
  includeDirs?: readonly string[];
  /** Files compiled and linked with the submission (the problem's `grader.cpp` and its header). */
  grader?: readonly string[];
  /** Files placed next to the submission, read-only, not compiled (data the program reads). */
  extraFiles?: readonly string[];
}

export interface PrepareOptions {
  /** Profiles over (or besides) the built-in ones, by id. */
  languages?: readonly LanguageProfile[];
  sandbox: SandboxMode;
  /** Where compiled artefacts are cached. @default resolveCacheDir() */
  cacheDir?: string;
  /** Use the artefact cache. @default true */
  cache?: boolean;
  /** For the `{memoryMb}`, `{stackMb}` and `{heapMb}` of the run. @default 256 and the memory limit */
  memoryLimitMb?: number;
  stackLimitMb?: number;
  /** Options of compile() for C and C++ (`optimize`, `std`, `flags`, ...). */
  compileOptions?: CompileOptions;
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

/** A program ready to run: what to give LimitSession (`program`, `args`, `readOnlyPaths`, `env`). */
export interface ReadyProgram {
  kind: 'ready';
  language: string;
  /** The executable: a built binary, or the interpreter's real path. */
  command: string;
  args: string[];
  /** The program dir and the toolchain's dirs, to show read-only in the sandbox. */
  readOnlyPaths: string[];
  env: Record<string, string>;
  /** Where the submission's files (and what the compile made) are. */
  dir: string;
  compile?: CompileResult;
}

export type PreparedProgram =
  | ReadyProgram
  | { kind: 'compile-error'; language: string; message: string; compile: CompileResult }
  | { kind: 'internal-error'; message: string; compile?: CompileResult };

/** The fields of judge()'s request (and of a queued job) that name a submission in any language. */
export interface SubmissionFields {
  /**
   * The submission's source files, in any language; the first is the entry point unless `main`
   * names another. Every file is shown, read-only, in the program dir the run sees (a Python
   * module, a Java class, a header).
   */
  files?: string[];
  /** A language id (`cpp`, `python`, `java`, ...). @default by the entry point's extension */
  language?: string;
  /** The entry point: one of `files`. @default files[0] */
  main?: string;
  /** Profiles over or besides the built-in ones (see docs/judge.md, Languages). */
  languages?: LanguageProfile[];
  /** Header dirs for C and C++, read-only to the compiler. */
  includeDirs?: string[];
  /** Files compiled and linked with the submission: a problem's `grader.cpp` and its headers. */
  grader?: string[];
  /** Files placed next to the submission, read-only, not compiled. */
  extraFiles?: string[];
}
