// The published types: a consumer file compiled by tsc against dist/ (as a user's project would
// see them), and type assertions that `tsc --noEmit -p .` (npm run typecheck) checks.
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { execFile, run, type OkResult, type Result, type RunError, type Subprocess } from '../../src/process/index.js';

const ROOT = join(import.meta.dirname, '../..');

describe('types', () => {
  it('tsc compiles a consumer that narrows Result by kind (dist/ types, strict, NodeNext)', async () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--target', 'es2022'];
    const result = await execFile(
      process.execPath,
      [tsc, ...flags, '--types', 'node', 'fixtures/process/types/consumer.ts'],
      {
        cwd: ROOT,
        timeout: 120_000,
      },
    );
    expect(result.stdout).toBe('');
    expect(result.kind).toBe('ok');
  }, 130_000);

  it('Result narrows by kind and ok; options decide the output type and what awaiting gives', () => {
    expectTypeOf(run('ls')).toEqualTypeOf<Subprocess<string, Result>>();
    expectTypeOf(run('ls', { encoding: 'buffer' })).toEqualTypeOf<Subprocess<Buffer, Result<Buffer>>>();
    expectTypeOf(run('ls', { throwOnError: true })).toEqualTypeOf<Subprocess<string, OkResult>>();
    const narrow = (result: Result) => {
      if (result.kind === 'spawn-error') expectTypeOf(result.error).toEqualTypeOf<RunError>();
      if (result.kind === 'invalid-options') expectTypeOf(result.pid).toEqualTypeOf<undefined>();
      if (result.kind === 'exit') expectTypeOf(result.exitCode).toEqualTypeOf<number>();
      if (result.ok) expectTypeOf(result.kind).toEqualTypeOf<'ok'>();
      else expectTypeOf(result.message).toEqualTypeOf<string>();
    };
    expect(typeof narrow).toBe('function');
    const bound = run({ encoding: 'buffer' });
    expectTypeOf(bound`ls`).toEqualTypeOf<Subprocess<Buffer, Result<Buffer>>>();
    expectTypeOf(bound('ls', { throwOnError: true })).toEqualTypeOf<Subprocess<Buffer, OkResult<Buffer>>>();
  });
});
