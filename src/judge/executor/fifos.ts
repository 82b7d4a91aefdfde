import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from '../../process/index.js';

/** The two FIFOs of an interactive run, as host paths: the program's stdin and its stdout. */
export interface RunFifos {
  /** The program reads it (its stdin); the interactor writes it. */
  toProgram: string;
  /** The program writes it (its stdout); the interactor reads it. */
  fromProgram: string;
}

/**
 * Makes the FIFOs in a dir of their own (0700, in the session's private dir: the program never sees their
 * names). Made once per session: a FIFO holds no data once both its ends are closed, so each run reuses them.
 * Node cannot make a FIFO: coreutils' mkfifo does.
 */
export async function makeFifos(dir: string): Promise<RunFifos> {
  await mkdir(dir, { mode: 0o700 });
  const fifos = { toProgram: join(dir, 'to-program'), fromProgram: join(dir, 'from-program') };
  const made = await execFile('mkfifo', ['-m', '600', '--', fifos.toProgram, fifos.fromProgram], { timeout: 10_000 });
  if (!made.ok) throw new Error(`cannot make the FIFOs of an interactive run: ${made.stderr || made.kind}`);
  return fifos;
}
