import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedSandbox } from '../../sandbox/index.js';
import { LimitSession, type ExecutorBackend } from '../executor/index.js';
import type { NormalizedLimits } from '../limits.js';
import { outputValidatorArgs } from '../problem/validator-protocol.js';

/** What running a validator needs from the judge: its helper, accounting, and private dir. */
export interface ValidatorContext {
  helper: string;
  backend: ExecutorBackend;
  /** Always `none`: a trusted program that writes its feedback dir on the host. */
  sandbox: ResolvedSandbox;
  /** Parent of each slot's dir (the input and answer, the feedback dir). */
  workDir: string;
  limits: NormalizedLimits;
  signal?: AbortSignal;
}

/**
 * One validator session and the fixed paths its arguments name: `input` and `answer` (links or
 * copies, replaced for each test) and `feedback/` (emptied for each test). One test at a time.
 */
export interface ValidatorSlot {
  session: LimitSession;
  input: string;
  answer: string;
  feedbackDir: string;
  flags: string;
}

/**
 * Helper sessions of the validator, kept across tests: opening one per test (a helper process, its
 * namespaces) costs tens of ms, a run in an open one about a ms. A session's arguments are fixed, so
 * its paths are too; a slot is reopened when a test's flags differ.
 */
export class ValidatorPool {
  private readonly idle: ValidatorSlot[] = [];
  private readonly all = new Set<ValidatorSlot>();
  private closed = false;

  constructor(
    private readonly context: ValidatorContext,
    private readonly program: { path: string; args: string[] },
  ) {}

  private async open(flags: readonly string[], reuse?: ValidatorSlot): Promise<ValidatorSlot> {
    let dir: string;
    if (reuse) {
      this.all.delete(reuse);
      await reuse.session.close().catch(() => undefined);
      dir = join(reuse.feedbackDir, '..');
    } else {
      dir = await mkdtemp(join(this.context.workDir, 'validate-'));
      await chmod(dir, 0o755);
    }
    const paths = { input: join(dir, 'input'), answer: join(dir, 'answer'), feedbackDir: join(dir, 'feedback') };
    const session = await LimitSession.open({
      helper: this.context.helper,
      program: this.program.path,
      args: [...this.program.args, ...outputValidatorArgs(paths, flags)],
      sandbox: this.context.sandbox,
      backend: this.context.backend,
      inputDirs: [],
      ...(this.context.signal ? { signal: this.context.signal } : {}),
    });
    const slot = { session, ...paths, flags: flags.join('\0') };
    this.all.add(slot);
    return slot;
  }

  /** A slot for these flags, its feedback dir fresh and empty. */
  async acquire(flags: readonly string[]): Promise<ValidatorSlot> {
    if (this.closed) throw new Error('the validator pool is closed');
    const key = flags.join('\0');
    const index = this.idle.findIndex((slot) => slot.flags === key && slot.session.alive);
    const found = index === -1 ? undefined : this.idle.splice(index, 1)[0];
    const slot = found ?? (await this.open(flags, this.idle.pop()));
    await rm(slot.feedbackDir, { recursive: true, force: true });
    await mkdir(slot.feedbackDir);
    // The validator's own uid writes its messages here; the judge reads them with O_NOFOLLOW.
    await chmod(slot.feedbackDir, 0o777);
    return slot;
  }

  release(slot: ValidatorSlot): void {
    if (this.closed) void slot.session.close();
    else this.idle.push(slot);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((slot) => slot.session.close().catch(() => undefined)));
  }
}
