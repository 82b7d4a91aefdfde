import { randomInt } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { spawn, type Subprocess } from '../../process/index.js';
import { INSIDE, type ResolvedSandbox } from '../../sandbox/index.js';
import type { NormalizedLimits } from '../limits.js';
import type { ExecutorBackend } from './backend.js';
import { collectResult, internalError, type RunOutcome } from './collect-result.js';
import { chooseIsolation, type Isolation } from './isolation.js';
import { parseMeasurement } from './measurement.js';
import { makeFifos, type RunFifos } from './fifos.js';
import { writeNoFollow } from './no-follow.js';
import { formatRequest } from './request.js';
import { resolveRunRoot, sessionPrefix } from './run-dir.js';
import { buildSessionCommand } from './session-command.js';

function defaultEnv(): Record<string, string> {
  return { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' };
}

export interface SessionOptions {
  helper: string;
  program: string;
  args?: readonly string[];
  /** The program's environment (HOME and TMPDIR are always its work dir). @default PATH and LANG */
  env?: Record<string, string>;
  /** Host paths visible read-only inside the sandbox, at the same path. */
  readOnlyPaths?: readonly string[];
  sandbox: ResolvedSandbox;
  backend: ExecutorBackend;
  /** Dirs the helper reads inputs from: bound where only the helper can reach them (never the program). */
  inputDirs: readonly string[];
  /** Aborting it kills the helper and the run in progress. */
  signal?: AbortSignal;
}

export interface SessionRun {
  limits: NormalizedLimits;
  input?: string | Uint8Array;
  inputFile?: string;
  /** An interactive run: stdin and stdout are these FIFOs (see fifos()), instead of the input and the output file. */
  fifos?: RunFifos;
}

let sessions = 0;

/**
 * One helper process (inside one bwrap sandbox when sandboxed) that runs the same program many
 * times, a request a line: no Node spawn and no sandbox set-up per test. Each run still gets its own
 * namespaces and work dir, its own uid, its own cgroup or limits, and its own measurement.
 */
export class LimitSession {
  private pending: ((line: string | undefined) => void) | undefined;
  private dead: string | undefined;
  private madeFifos: Promise<RunFifos> | undefined;

  private constructor(
    private readonly child: Subprocess,
    private readonly hostDir: string,
    private readonly sandbox: 'bwrap' | 'none',
    private readonly backend: ExecutorBackend,
    private readonly isolation: Isolation,
    private readonly privateInputs: Map<string, string>,
  ) {
    void child.then((result) => {
      this.dead ??= `the limit helper ended (${result.kind}${result.stderr ? `: ${result.stderr.trim()}` : ''})`;
      this.answer(undefined);
    });
  }

  static async open(options: SessionOptions): Promise<LimitSession> {
    const hostDir = await mkdtemp(sessionPrefix(await resolveRunRoot()));
    try {
      // Traversable (not listable): a program under its own uid reaches its binary and its run dir.
      await chmod(hostDir, 0o711);
      const boxed = options.sandbox.kind === 'bwrap';
      const isolation = await chooseIsolation(options.sandbox.kind);
      // The inputs' dirs are bound where the program never sees them; the helper opens each input for it.
      const privateInputs = new Map<string, string>();
      if (boxed) options.inputDirs.forEach((dir, i) => privateInputs.set(resolve(dir), `${INSIDE}/private/inputs${i}`));
      const command = await buildSessionCommand({ ...options, hostDir, isolation, privateInputs, id: ++sessions });
      const child = spawn(command.file, command.args, {
        env: options.env ?? defaultEnv(),
        extendEnv: false,
        maxBuffer: 256 << 20,
        onStdout: (line) => session.answer(line),
      });
      const session = new LimitSession(child, hostDir, options.sandbox.kind, options.backend, isolation, privateInputs);
      if (options.signal) session.abortWith(options.signal);
      return session;
    } catch (error) {
      // The program copy or the sandbox arguments failed: the session dir would be left behind.
      await rm(hostDir, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Aborting closes the helper's stdin: it kills and reaps the program (inside the sandbox too,
   * which a signal to bwrap would not reach in order), then exits. SIGKILL 2 s later if not.
   */
  private abortWith(signal: AbortSignal): void {
    const abort = () => {
      this.dead ??= 'the run was aborted';
      this.child.stdin?.end();
      setTimeout(() => this.child.kill('SIGKILL'), 2000).unref();
    };
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
    void this.child.then(() => signal.removeEventListener('abort', abort));
  }

  private answer(line: string | undefined): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(line);
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  get accounting(): 'cgroup' | 'rlimit' {
    return this.backend.accounting;
  }

  private inside(hostPath: string): string {
    if (this.sandbox !== 'bwrap') return hostPath;
    if (hostPath.startsWith(`${this.hostDir}/`))
      return `${INSIDE}/private/session/${hostPath.slice(this.hostDir.length + 1)}`;
    const inside = this.privateInputs.get(dirname(resolve(hostPath)));
    return inside ? `${inside}/${hostPath.slice(dirname(resolve(hostPath)).length + 1)}` : hostPath;
  }

  /** Runs the program once. Never rejects; one run at a time. */
  async run(request: SessionRun): Promise<RunOutcome> {
    if (this.dead) return internalError(this.dead, this.sandbox, this.accounting);
    // One run dir, reused: the helper truncates the output files before each run.
    const runDir = join(this.hostDir, 'run');
    try {
      const { limits } = request;
      const line = formatRequest({
        run: this.inside(runDir),
        stdin: request.fifos ? this.inside(request.fifos.toProgram) : await this.placeInput(request),
        stdout: request.fifos ? this.inside(request.fifos.fromProgram) : '',
        cpu_ms: Math.ceil(limits.timeLimitMs),
        wall_ms: Math.ceil(limits.wallTimeLimitMs),
        stack_kb: Math.ceil(limits.stackLimitMb * 1024),
        fsize: Math.ceil(limits.outputLimitMb * 1024 * 1024),
        // The run's tmpfs (its /dev/shm and work dir) holds memory: at most the memory limit.
        tmpfs_kb: Math.ceil(limits.memoryLimitMb * 1024),
        ...this.backend.limitFields(limits),
        uid: this.isolation.privateUid ? randomInt(1_000_000, 2_000_000_000) : 'none',
      });
      // An interactive run may first wait up to its wall limit for the interactor's side to open the FIFOs.
      const answer = await this.ask(line, limits.wallTimeLimitMs * (request.fifos ? 2 : 1));
      if (answer === undefined)
        return internalError(this.dead ?? 'the limit helper ended', this.sandbox, this.accounting);
      const measurement = parseMeasurement(answer);
      return await collectResult(
        { stdout: join(runDir, 'stdout'), stderr: join(runDir, 'stderr') },
        measurement,
        limits,
        this.sandbox,
      );
    } catch (error) {
      return internalError((error as Error).message, this.sandbox, this.accounting);
    }
  }

  private ask(line: string, wallTimeLimitMs: number): Promise<string | undefined> {
    return new Promise<string | undefined>((resolveAnswer) => {
      // The helper enforces the wall limit; this only guards against the helper hanging.
      const watchdog = setTimeout(() => {
        this.dead = 'the limit helper did not answer';
        this.child.kill('SIGKILL');
        this.answer(undefined);
      }, wallTimeLimitMs + 5000);
      this.pending = (value) => {
        clearTimeout(watchdog);
        resolveAnswer(value);
      };
      this.child.stdin?.write(line);
    });
  }

  /** The FIFOs of this session's interactive runs, made on first use in its private dir. */
  fifos(): Promise<RunFifos> {
    this.madeFifos ??= makeFifos(join(this.hostDir, 'fifos'));
    return this.madeFifos;
  }

  /** The stdin path as the helper sees it. Inputs of dirs it cannot see are copied next to the run. */
  private async placeInput(request: SessionRun): Promise<string> {
    const copy = join(this.hostDir, 'input');
    if (request.inputFile === undefined) {
      if (request.input === undefined) return '';
      await writeNoFollow(copy, request.input);
      return this.inside(copy);
    }
    const file = resolve(request.inputFile);
    if (this.sandbox !== 'bwrap' || this.privateInputs.has(dirname(file))) return this.inside(file);
    await rm(copy, { force: true });
    // Exclusive: never through a link left in its place.
    await copyFile(file, copy, constants.COPYFILE_EXCL);
    return this.inside(copy);
  }

  async close(): Promise<void> {
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await this.child;
    clearTimeout(timer);
    await rm(this.hostDir, { recursive: true, force: true }).catch(() => {});
  }
}
