import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveCacheDir, type CompileResult } from '../../compile/index.js';
import { compileNative } from './compile-native.js';
import { expandPaths } from './expand-paths.js';
import { expandArgs, expandText, type Placeholders } from './expand-args.js';
import { blameOf, describeCompileFailure } from './outcome-of-compile.js';
import { mergeProfiles, pickProfile } from './pick-profile.js';
import { probeVersion } from './probe-version.js';
import { resolveTool, type ResolvedTool } from './resolve-tool.js';
import { runCompileStep } from './run-compile-step.js';
import { stageFiles, type StagedFiles } from './stage-files.js';
import type { LanguageProfile, PreparedProgram, PrepareOptions, PrepareRequest } from './types.js';
import { validateProfiles } from './validate-profiles.js';

const RUN_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' };

async function needTool(profile: LanguageProfile, name: string): Promise<ResolvedTool> {
  const tool = await resolveTool(name, profile.locate?.[name]);
  if (!tool) throw new Error(`the ${profile.id} language needs \`${name}\`, which is not installed here (not on PATH)`);
  return tool;
}

function firstMain(request: PrepareRequest): string {
  return request.main ?? request.files[0] ?? '';
}

async function build(
  profile: LanguageProfile,
  staged: StagedFiles,
  request: PrepareRequest,
  options: PrepareOptions,
): Promise<CompileResult | undefined> {
  const step = profile.compile;
  if (!step) return undefined;
  const cache = options.cache ?? true;
  const cacheDir = cache ? (options.cacheDir ?? resolveCacheDir()) : undefined;
  const signal = options.signal ? { signal: options.signal } : {};
  if (step.builder === 'compile')
    return compileNative(profile, step, {
      staged,
      includeDirs: request.includeDirs ?? [],
      sandbox: options.sandbox,
      cacheDir: options.cacheDir,
      cache,
      compileOptions: options.compileOptions,
      ...signal,
    });
  const tool = await needTool(profile, step.command);
  return runCompileStep(step, {
    staged,
    tool,
    version: (await probeVersion(profile)) ?? 'unknown',
    sandbox: options.sandbox,
    readOnlyPaths: [...(await expandPaths(profile.readOnlyPaths ?? [])), ...(request.includeDirs ?? [])],
    cacheDir,
    ...signal,
  });
}

/**
 * Makes a submission runnable in any language: picks its profile (by `language` or the entry
 * point's extension), lays its files out in a fresh program dir under `workDir`, builds or checks it
 * in the sandbox (a failure is `compile-error`, with the compiler's output), and says how to run
 * it: the executable, its arguments, the host paths to show read-only and the environment, as
 * LimitSession takes them. Never throws: the judge's (or the caller's) failure is `internal-error`.
 * @example
 * const p = await prepareProgram({ files: ['main.py', 'helper.py'] }, workDir, { sandbox: 'bwrap' });
 * if (p.kind === 'ready') LimitSession.open({ program: p.command, args: p.args, readOnlyPaths: p.readOnlyPaths, env: p.env, ... });
 */
export async function prepareProgram(
  request: PrepareRequest,
  workDir: string,
  options: PrepareOptions,
): Promise<PreparedProgram> {
  let compiled: CompileResult | undefined;
  try {
    if (
      !Array.isArray(request.files) ||
      request.files.length === 0 ||
      !request.files.every((f) => typeof f === 'string')
    )
      throw new Error(`Expected \`files\` to be a non-empty array of paths, got ${JSON.stringify(request.files)}`);
    const profile = pickProfile(
      mergeProfiles(validateProfiles(options.languages)),
      firstMain(request),
      request.language,
    );
    const staged = await stageFiles(request, profile, await mkdtemp(join(workDir, 'program-')));
    compiled = await build(profile, staged, request, options);
    const withCompile = compiled ? { compile: compiled } : {};
    if (compiled && !compiled.ok) {
      const message = describeCompileFailure(compiled);
      return blameOf(compiled) === 'compile-error'
        ? { kind: 'compile-error', language: profile.id, message, compile: compiled }
        : { kind: 'internal-error', message: `could not compile: ${message}`, compile: compiled };
    }
    const values: Placeholders = {
      main: staged.main,
      sources: staged.sources,
      dir: staged.dir,
      ...(options.memoryLimitMb === undefined ? {} : { memoryMb: options.memoryLimitMb }),
      ...(options.stackLimitMb === undefined ? {} : { stackMb: options.stackLimitMb }),
    };
    // A binary the build made runs from the program dir; anything else is a tool of this machine.
    const runTool = profile.run.command.startsWith('{') ? undefined : await needTool(profile, profile.run.command);
    return {
      kind: 'ready',
      language: profile.id,
      command: runTool?.path ?? expandText(profile.run.command, values),
      args: expandArgs(profile.run.args ?? [], values),
      readOnlyPaths: [
        staged.dir,
        ...(runTool?.readOnlyPaths ?? []),
        ...(await expandPaths(profile.readOnlyPaths ?? [])),
      ],
      env: { ...RUN_ENV, ...profile.env },
      dir: staged.dir,
      ...withCompile,
    };
  } catch (error) {
    return {
      kind: 'internal-error',
      message: (error as Partial<Error> | null | undefined)?.message ?? String(error),
      ...(compiled ? { compile: compiled } : {}),
    };
  }
}
