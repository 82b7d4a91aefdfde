import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from '../../process/index.js';
import type { LimitSession, RunOutcome } from '../executor/index.js';
import { readNoFollow } from '../executor/no-follow.js';
import type { NormalizedLimits } from '../limits.js';
import type { ProgramExit } from '../problem/validator-protocol.js';

/** The interactor as the judge starts it for one test: the problem's program, trusted, on the host. */
export interface InteractorCommand {
  file: string;
  args: string[];
  /** Its working dir (the judge's private dir for the test). */
  cwd: string;
  /** Wall time it may take, from its start; then it is killed with its process group. */
  timeoutMs: number;
}

/** What is kept of the interactor's stderr (its message): the rest is on disk in its test dir until the test ends. */
const INTERACTOR_MESSAGE_BYTES = 4096;

/** The interactor's address space: a runaway one fails to allocate, it does not take the machine's memory. */
const INTERACTOR_MEMORY_BYTES = 2 * 1024 ** 3;

/** The interactor under rlimits (util-linux's prlimit execs it): memory, and CPU time as long as its wall limit. */
function limitedCommand({ file, args, timeoutMs }: InteractorCommand): [string, string[]] {
  const cpuSeconds = Math.ceil(timeoutMs / 1000);
  return ['prlimit', [`--as=${INTERACTOR_MEMORY_BYTES}`, `--cpu=${cpuSeconds}`, `--core=0`, '--', file, ...args]];
}

/** How the interactor ended: its exit, its stderr (its message), and whether the judge killed it or it never started. */
export interface InteractorEnd extends ProgramExit {
  stderr: string;
  timedOut: boolean;
  /** It could not be started (or the run failed before the FIFOs were open): why. */
  error?: string;
}

/**
 * Opens one end of a FIFO, which waits for the helper to open the other end. If the run ends first (the helper
 * failed before it opened it), the wait is ended by opening the FIFO both ways, and undefined is returned.
 */
async function openEnd(path: string, flags: number, run: Promise<unknown>): Promise<FileHandle | undefined> {
  const opening = open(path, flags);
  const ended = Symbol('ended');
  const first = await Promise.race([opening, run.then(() => ended)]);
  if (first !== ended) return first as FileHandle;
  // O_RDWR never waits on Linux and counts as both ends: the blocked open returns.
  const waker = await open(path, constants.O_RDWR | constants.O_NONBLOCK);
  await (await opening).close();
  await waker.close();
  return undefined;
}

/**
 * Runs the submission (one run of its session, limited and measured as always) and the interactor together,
 * wired stdin-to-stdout both ways through the session's FIFOs. Both sides open the FIFOs in the same order
 * (the submission's stdin, then its stdout), so neither waits forever. The judge keeps no end open: each side
 * sees the end of the other's output, and EPIPE, when the other ends.
 */
export async function connectInteractor(
  session: LimitSession,
  limits: NormalizedLimits,
  command: InteractorCommand,
): Promise<{ run: RunOutcome; interactor: InteractorEnd }> {
  const fifos = await session.fifos();
  const running = session.run({ limits, fifos });
  const notStarted = (error: string): InteractorEnd => ({
    exitCode: null,
    signal: null,
    stderr: '',
    timedOut: false,
    error,
  });
  let toProgram: FileHandle | undefined;
  let fromProgram: FileHandle | undefined;
  try {
    toProgram = await openEnd(fifos.toProgram, constants.O_WRONLY, running);
    fromProgram = toProgram && (await openEnd(fifos.fromProgram, constants.O_RDONLY, running));
  } catch (error) {
    await toProgram?.close();
    // The helper's wait for the other end ends at the wall limit: one run at a time in a session.
    await running;
    throw error;
  }
  if (!toProgram || !fromProgram) {
    await toProgram?.close();
    return { run: await running, interactor: notStarted('the submission did not start') };
  }
  let child;
  const stderrFile = join(command.cwd, '.interactor-stderr');
  try {
    const [file, args] = limitedCommand(command);
    child = spawn(file, args, {
      cwd: command.cwd,
      stdin: fromProgram.fd,
      stdout: toProgram.fd,
      // A file, not a pipe: a chatty interactor (a line a query, driven by the submission) is never
      // killed for its output, which would turn the submission's verdict into an IE.
      stderr: { file: stderrFile },
      timeout: command.timeoutMs,
      killSignal: 'SIGKILL',
    });
  } finally {
    // The child has its own copies: the judge's must go, or neither side would see the other's end.
    await Promise.all([toProgram.close(), fromProgram.close()]);
  }
  const [run, ended] = await Promise.all([running, child]);
  if (ended.kind === 'spawn-error' || ended.kind === 'invalid-options')
    return { run, interactor: notStarted(ended.error.message) };
  return {
    run,
    interactor: {
      exitCode: ended.exitCode ?? null,
      signal: ended.signal ?? null,
      stderr: await readMessage(stderrFile),
      timedOut: ended.kind === 'timeout',
    },
  };
}

/** The start of what the interactor wrote to stderr, and how much there was when it is cut. */
async function readMessage(file: string): Promise<string> {
  try {
    const [head, { size }] = await Promise.all([readNoFollow(file, INTERACTOR_MESSAGE_BYTES), lstat(file)]);
    const text = head.toString('utf8');
    return size > head.length ? `${text}... (${size} bytes of stderr in all)` : text;
  } catch {
    return '';
  }
}
