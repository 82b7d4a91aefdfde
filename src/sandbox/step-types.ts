import type { Result } from '../process/index.js';
import type { SandboxMode } from './bwrap.js';

/** Limits of one step: every process of the step, together (time, output) or each (memory, file size). */
export interface StepLimits {
  /** Wall-clock milliseconds; past it the step is killed (`timeout`). @default 30000 */
  timeMs?: number;
  /** Address-space limit of each process in MiB (`RLIMIT_AS`), `false` for none. @default 2048 */
  memoryMb?: number | false;
  /** Bytes of stdout, and of stderr, kept; past it the step is killed (`output-limit`). @default 1048576 */
  outputBytes?: number;
  /** Processes and threads at once (`RLIMIT_NPROC` of the step's own uid, or of its user namespace). @default 64 */
  processes?: number;
  /** Largest file the step may write, in MiB (`RLIMIT_FSIZE`; past it `SIGXFSZ`). @default 1024 */
  fileSizeMb?: number;
}

/** A file placed in the work dir: a host path (copied, never bound) or its content. */
export type StepFile = string | { content: string | Uint8Array };

export interface StepOptions {
  /** The program: an absolute path, or a name looked up on the step's `PATH` (on the host, which shares `/usr`). */
  command: string;
  /** Its arguments. Relative paths are relative to the work dir, which is the step's cwd. */
  args?: readonly string[];
  /** Files copied into the work dir before the step, by relative name: `{ 'main.cpp': '/path/a.cpp' }`. */
  files?: Readonly<Record<string, StepFile>>;
  /** Relative names in the work dir to bring back after the step: files, or dirs (copied with the regular files in them). */
  outputs?: readonly string[];
  /** Host dir the outputs are copied into, under the same relative names. Required with `outputs`. */
  outputDir?: string;
  limits?: StepLimits;
  /** Variables over the defaults `PATH`, `LANG=C.UTF-8`, and `HOME` and `TMPDIR` (the work dir). Nothing else is inherited. */
  env?: Readonly<Record<string, string>>;
  /** Trusted host paths the step may read (include dirs, a PCH dir, a toolchain), bound read-only at the same path. */
  readOnlyPaths?: readonly string[];
  /** `'bwrap'` requires bubblewrap; `'auto'` falls back to `'none'` with a warning; `'none'` runs on the host. @default 'bwrap' */
  sandbox?: SandboxMode;
  /** Called with the warning of `'auto'` without bubblewrap. @default process.emitWarning, once */
  onWarning?: (message: string) => void;
  /** Aborting it kills the step (`aborted`). */
  signal?: AbortSignal;
}

/** How the step ended (a process `Result`: a union on `kind`, its `command` the step's own), with its outputs and where it ran. */
export type StepResult = Result & {
  /** Output name → host path of its copy in `outputDir`, for each output the step left as a regular file or dir. */
  outputs: Record<string, string>;
  sandbox: 'bwrap' | 'none';
};
