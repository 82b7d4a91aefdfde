import { randomInt } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { execFile, formatCommand } from '../process/index.js';
import { SaferunError } from '../shared/index.js';
import { isRoot, resolveSandbox } from './bwrap.js';
import { collectOutputs } from './collect-outputs.js';
import { findCommand, isVisibleInSandbox } from './find-command.js';
import { normalizeStep, type NormalizedStep } from './normalize-step.js';
import { STEP_WORK, stepSandboxArgs, wrapCommand } from './step-command.js';
import { makeStepResult, notStarted } from './step-result.js';
import type { StepOptions, StepResult } from './step-types.js';
import { makeStepWorkDir, placeFiles } from './step-work-dir.js';

const SETPRIV = '/usr/bin/setpriv';

/**
 * Runs one build step (a compiler, a byte-compiler, a linker) on untrusted input: in a fresh work
 * dir holding a private copy of its files, under bubblewrap (no network, the system read-only, an
 * unprivileged uid), with a minimal environment and the step's limits. Outputs come back as copies
 * the host made without following links. Throws only for bad options or a required sandbox that is
 * missing; anything the step does ends in the result.
 * @example
 * const r = await runSandboxedStep({
 *   command: 'g++', args: ['-O2', 'main.cpp', '-o', 'main'],
 *   files: { 'main.cpp': { content: 'int main() {}' } }, outputs: ['main'], outputDir: '/tmp/out',
 * });
 * r.ok; r.stderr; r.outputs.main; // '/tmp/out/main'
 */
export async function runSandboxedStep(options: StepOptions): Promise<StepResult> {
  const step = normalizeStep(options);
  const sandbox = await resolveSandbox(step.sandbox, step.onWarning);
  const boxed = sandbox.kind === 'bwrap';
  const work = await makeStepWorkDir();
  try {
    const env = {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LANG: 'C.UTF-8',
      HOME: boxed ? STEP_WORK : work,
      TMPDIR: boxed ? STEP_WORK : work,
      ...step.env,
    };
    const command = formatCommand(step.command, step.args);
    const found = await findCommand(step.command, env.PATH);
    if (!found) return notStarted(command, sandbox.kind, `\`${step.command}\` was not found (PATH ${env.PATH})`);
    if (boxed && !(await isVisibleInSandbox(found, step.readOnlyPaths))) {
      throw new SaferunError(
        'ERR_INVALID_OPTION',
        `Expected \`command\` to be visible in the sandbox, got \`${found}\` outside /usr: add its directory to \`readOnlyPaths\``,
      );
    }
    // As root the step runs under a uid of its own, which owns nothing else on the machine.
    const uid = boxed && isRoot() ? randomInt(1_000_000, 2_000_000_000) : undefined;
    if (uid !== undefined && !(await findCommand(SETPRIV, '')))
      throw new SaferunError(
        'ERR_SANDBOX_UNAVAILABLE',
        `${SETPRIV} (Debian package util-linux) is needed to drop root`,
      );
    await placeFiles(work, step.files, uid);
    const inner = [...(uid === undefined ? [] : dropTo(uid)), found, ...step.args];
    const run = boxed
      ? await execFile(
          sandbox.path,
          [...(await stepSandboxArgs(work, step.readOnlyPaths, env)), ...wrapCommand(step, inner)],
          processOptions(step, env),
        )
      : await runOnHost(step, env, work, inner);
    const outputs = await collectOutputs(work, step.outputs, step.outputDir);
    return makeStepResult(run, step, { command, outputs, sandbox: sandbox.kind });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function processOptions(step: NormalizedStep, env: Record<string, string>) {
  return {
    env,
    extendEnv: false,
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
    timeout: step.limits.timeMs,
    maxBuffer: step.limits.outputBytes,
    forceKillAfter: 1000,
    ...(step.signal ? { signal: step.signal } : {}),
  };
}

function dropTo(uid: number): string[] {
  return [
    SETPRIV,
    `--reuid=${uid}`,
    `--regid=${uid}`,
    '--clear-groups',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--',
  ];
}

/**
 * Without a sandbox: the same limits and closed descriptors, in the work dir. A timeout or an
 * abort kills the whole tree; a process the step leaves running after it exits is not killed.
 */
async function runOnHost(step: NormalizedStep, env: Record<string, string>, work: string, inner: string[]) {
  const [file, ...args] = wrapCommand(step, inner);
  return execFile(file!, args, { ...processOptions(step, env), cwd: work });
}
