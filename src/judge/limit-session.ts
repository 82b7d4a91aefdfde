import { randomInt } from 'node:crypto';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { spawn, type Subprocess } from '../process/index.js';
import type { Measurement } from './classify-run.js';
import { collectResult, internalError } from './collect-result.js';
import { reachableProgram, resolveRunRoot, sessionPrefix } from './run-dir.js';
import { INSIDE, isRoot, sandboxArgs, type ResolvedSandbox } from '../sandbox/index.js';
import type { LimitedResult } from './types.js';
import type { NormalizedLimits } from './limits.js';

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
  /** Dirs the helper reads inputs from: bound where only root can reach them (never the program). */
  inputDirs: readonly string[];
  /** Aborting it kills the helper and the run in progress. */
  signal?: AbortSignal;
}

export interface SessionRun {
  limits: NormalizedLimits;
  input?: string | Uint8Array;
  inputFile?: string;
}

/**
 * One helper process (inside one bwrap sandbox when sandboxed) that runs the same program many
 * times, a request a line: no Node spawn and no sandbox set-up per test. Each run still gets a
 * fresh work dir, its own uid (as root), its own limits and its own measurement.
 */
export class LimitSession {
  private pending: ((line: string | undefined) => void) | undefined;
  private dead: string | undefined;

  private constructor(
    private readonly child: Subprocess,
    private readonly hostDir: string,
    private readonly boxed: boolean,
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
      const session = `${INSIDE}/private/session`;
      // As root the program runs under another uid and cannot enter /.saferun/private: answers next to inputs stay unreadable.
      const privateInputs = new Map<string, string>();
      if (boxed && isRoot())
        options.inputDirs.forEach((dir, i) => privateInputs.set(resolve(dir), `${INSIDE}/private/inputs${i}`));
      let file = options.helper;
      const programArgs = options.args ?? [];
      let args = ['--serve', '--', options.program, ...programArgs];
      const isPath = options.program.includes('/');
      if (boxed) {
        const binds = [
          '--ro-bind',
          options.helper,
          `${INSIDE}/limit`,
          ...(isPath ? ['--ro-bind', resolve(options.program), `${INSIDE}/program`] : []),
          '--perms',
          '0700',
          '--dir',
          `${INSIDE}/private`,
          '--bind',
          hostDir,
          session,
          ...[...privateInputs].flatMap(([host, inside]) => ['--ro-bind', host, inside]),
          ...(options.readOnlyPaths ?? []).flatMap((path) => ['--ro-bind', resolve(path), resolve(path)]),
        ];
        file = (options.sandbox as { path: string }).path;
        args = [
          ...(await sandboxArgs(binds, session)),
          `${INSIDE}/limit`,
          '--serve',
          '--kill-all',
          '--',
          isPath ? `${INSIDE}/program` : options.program,
          ...programArgs,
        ];
      } else if (isPath) {
        args = ['--serve', '--', await reachableProgram(hostDir, isRoot(), options.program), ...programArgs];
      }
      const child = spawn(file, args, {
        env: options.env ?? defaultEnv(),
        extendEnv: false,
        maxBuffer: 256 << 20,
        onStdout: (line) => sessionRef.answer(line),
      });
      const sessionRef = new LimitSession(child, hostDir, boxed, privateInputs);
      if (options.signal) sessionRef.abortWith(options.signal);
      return sessionRef;
    } catch (error) {
      // chmod, the program copy or the sandbox arguments failed: the session dir would be left behind.
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

  private inside(hostPath: string): string {
    if (!this.boxed) return hostPath;
    if (hostPath.startsWith(`${this.hostDir}/`))
      return `${INSIDE}/private/session/${hostPath.slice(this.hostDir.length + 1)}`;
    const inside = this.privateInputs.get(dirname(resolve(hostPath)));
    return inside ? `${inside}/${hostPath.slice(dirname(resolve(hostPath)).length + 1)}` : hostPath;
  }

  /** Runs the program once. Never rejects; one run at a time. */
  async run(request: SessionRun): Promise<LimitedResult> {
    const sandbox = this.boxed ? 'bwrap' : 'none';
    if (this.dead) return internalError(this.dead, sandbox);
    // One run dir, reused: the helper truncates the output files and empties work/ before each run.
    const runDir = join(this.hostDir, 'run');
    try {
      const stdin = await this.placeInput(request);
      if (/[\t\n]/.test(stdin))
        return internalError(`the input path ${JSON.stringify(stdin)} has a tab or newline`, sandbox);
      const { limits } = request;
      const uid = isRoot() ? randomInt(1_000_000, 2_000_000_000) : 0;
      const line = [
        this.inside(runDir),
        stdin,
        Math.ceil(limits.timeLimitMs),
        Math.ceil(limits.wallTimeLimitMs),
        Math.ceil(limits.memoryLimitMb * 1024),
        Math.ceil(limits.stackLimitMb * 1024),
        Math.ceil(limits.outputLimitMb * 1024 * 1024),
        uid ? limits.processLimit : 0,
        uid,
      ].join('\t');
      const answer = await new Promise<string | undefined>((resolveAnswer) => {
        this.pending = resolveAnswer;
        // The helper enforces the wall limit; this only guards against the helper hanging.
        const watchdog = setTimeout(() => {
          this.dead = 'the limit helper did not answer';
          this.child.kill('SIGKILL');
          this.answer(undefined);
        }, limits.wallTimeLimitMs + 5000);
        const done = this.pending;
        this.pending = (value) => {
          clearTimeout(watchdog);
          done(value);
        };
        this.child.stdin?.write(`${line}\n`);
      });
      if (answer === undefined) return internalError(this.dead ?? 'the limit helper ended', sandbox);
      const measurement = JSON.parse(answer) as Measurement;
      return await collectResult(
        { stdout: join(runDir, 'stdout'), stderr: join(runDir, 'stderr') },
        measurement,
        request.limits,
        sandbox,
      );
    } catch (error) {
      return internalError((error as Error).message, sandbox);
    }
  }

  /** The stdin path as the helper sees it. Inputs of dirs it cannot see are copied next to the run. */
  private async placeInput(request: SessionRun): Promise<string> {
    const copy = join(this.hostDir, 'input');
    if (request.inputFile === undefined) {
      if (request.input === undefined) return '';
      await writeFile(copy, request.input);
      return this.inside(copy);
    }
    const file = resolve(request.inputFile);
    if (!this.boxed || this.privateInputs.has(dirname(file))) return this.inside(file);
    await copyFile(file, copy);
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
