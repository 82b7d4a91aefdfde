// Test helper: runs an interactor and a submission wired stdin-to-stdout both ways through two FIFOs,
// the way the judge's integration stage will run them under limits. Only to prove the fixtures right.
import { constants } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from '../../../src/process/index.js';
import type { ProgramExit } from '../../../src/judge/problem/validator-protocol.js';

/** A shell's exit status as an exit: 128 + n is signal n (pitfall 6). */
function exitOf(status: number): ProgramExit {
  if (status <= 128) return { exitCode: status, signal: null };
  const signal = Object.entries(constants.signals).find(([, number]) => number === status - 128)?.[0];
  return { exitCode: null, signal: (signal ?? null) as NodeJS.Signals | null };
}

const SCRIPT = `
set -u
cd "$1"; shift
wall="$1"; submission="$2"; shift 2
mkfifo to-submission to-interactor
# Opening a FIFO blocks until its other end opens: the two sides open them in the same order.
"$@" > to-submission < to-interactor &
interactor=$!
timeout -s KILL "$wall" "$submission" < to-submission > to-interactor
submission_status=$?
wait "$interactor"
echo "$submission_status $?"
`;

/**
 * Runs `interactor args...` against `submission`; the submission is killed after `wallSeconds`
 * (a silent one). Resolves both exits.
 */
export async function interact(
  interactor: string,
  args: string[],
  submission: string,
  wallSeconds: number,
): Promise<{ interactor: ProgramExit; submission: ProgramExit }> {
  const dir = mkdtempSync(join(tmpdir(), 'saferun-interact-'));
  const run = await execFile(
    'sh',
    ['-c', SCRIPT, 'interact', dir, String(wallSeconds), submission, interactor, ...args],
    {
      timeout: 60_000,
    },
  );
  const [submissionStatus, interactorStatus] = run.stdout.trim().split(' ').map(Number);
  if (!run.ok || submissionStatus === undefined || interactorStatus === undefined)
    throw new Error(`interaction failed: ${run.kind} ${run.stderr}`);
  return { interactor: exitOf(interactorStatus), submission: exitOf(submissionStatus) };
}
