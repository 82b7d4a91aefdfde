import { explainStop, type CompileResult, type StopLimits } from '../../compile/index.js';
import { DEFAULT_STEP_OUTPUT_BYTES, runSandboxedStep, type SandboxMode } from '../../sandbox/index.js';
import { artefactKey, restoreArtefacts, storeArtefacts } from './artefact-cache.js';
import { expandArgs } from './expand-args.js';
import type { StagedFiles } from './stage-files.js';
import type { LanguageCompileStep } from './types.js';
import type { ResolvedTool } from './resolve-tool.js';

export interface StepContext {
  staged: StagedFiles;
  tool: ResolvedTool;
  version: string;
  sandbox: SandboxMode;
  /** Extra paths the toolchain needs (the profile's). */
  readOnlyPaths: readonly string[];
  cacheDir: string | undefined;
  signal?: AbortSignal;
}

function resultOf(fields: Partial<CompileResult> & Pick<CompileResult, 'ok' | 'kind' | 'command'>): CompileResult {
  return { diagnostics: [], stderr: '', durationMs: 0, cached: false, ...fields };
}

/** Stopped by a limit: said as compile() says it, not by the compiler's own last words (a rustc const-eval loop's warning). */
function stopped(
  base: Pick<CompileResult, 'command' | 'stderr' | 'durationMs' | 'sandbox'>,
  kind: 'timeout' | 'output-limit',
  limits: StopLimits,
): CompileResult {
  const message = explainStop(kind, limits)!;
  return resultOf({
    ...base,
    ok: false,
    kind,
    diagnostics: [{ file: '', line: 0, column: 0, severity: 'error', message }],
  });
}

/**
 * Runs a profile's build step (javac, rustc, go build, a byte-compile) in the sandbox on a private
 * copy of the program dir, and brings its outputs back into it. With a cache dir, a build of the
 * same files by the same step and toolchain version is restored instead of run (`cached`).
 */
export async function runCompileStep(step: LanguageCompileStep, context: StepContext): Promise<CompileResult> {
  const started = performance.now();
  const { staged, tool } = context;
  const args = expandArgs(step.args ?? [], { main: staged.main, sources: staged.sources });
  const outputs = step.outputs ?? [];
  const command = [step.command, ...args].join(' ');
  const key = context.cacheDir
    ? await artefactKey({
        step: { ...step, args, tool: tool.path, sandbox: context.sandbox },
        version: context.version,
        dir: staged.dir,
        names: staged.names,
      })
    : undefined;
  if (context.cacheDir && key && (await restoreArtefacts(context.cacheDir, key, outputs, staged.dir)))
    return resultOf({
      ok: true,
      kind: 'ok',
      command,
      cached: true,
      durationMs: Math.round(performance.now() - started),
      // The sandbox it was built in: the mode is part of the key.
      ...(context.sandbox === 'auto' ? {} : { sandbox: context.sandbox }),
    });
  const limits = { timeMs: step.timeMs ?? 30_000, memoryMb: step.memoryMb ?? 2048, processes: step.processes ?? 64 };
  const run = await runSandboxedStep({
    command: tool.path,
    args,
    files: Object.fromEntries(staged.names.map((name) => [name, `${staged.dir}/${name}`])),
    outputs,
    outputDir: staged.dir,
    limits,
    env: step.env ?? {},
    readOnlyPaths: [...tool.readOnlyPaths, ...context.readOnlyPaths],
    sandbox: context.sandbox,
    ...(context.signal ? { signal: context.signal } : {}),
  });
  const durationMs = Math.round(performance.now() - started);
  const stderr = [run.stderr, run.stdout].filter((text) => text.trim() !== '').join('\n');
  const base = { command, stderr, durationMs, sandbox: run.sandbox };
  if (run.kind === 'aborted') return resultOf({ ...base, ok: false, kind: 'aborted' });
  if (run.kind === 'spawn-error' || run.kind === 'invalid-options')
    return resultOf({ ...base, ok: false, kind: 'compiler-missing', error: { code: 'ENOENT', message: run.message } });
  if (run.kind === 'timeout' || run.kind === 'output-limit')
    return stopped(base, run.kind, { ...limits, outputBytes: DEFAULT_STEP_OUTPUT_BYTES });
  if (!run.ok) return resultOf({ ...base, ok: false, kind: 'compile-error' });
  const missing = outputs.find((name) => !(name in run.outputs));
  if (missing !== undefined)
    return resultOf({
      ...base,
      ok: false,
      kind: 'compile-error',
      stderr: `${stderr}\nthe build made no ${missing}`.trim(),
    });
  if (context.cacheDir && key) await storeArtefacts(context.cacheDir, key, outputs, staged.dir);
  return resultOf({ ...base, ok: true, kind: 'ok' });
}
