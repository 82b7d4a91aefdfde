// Type tests of the process API (vitest's typecheck mode): Result narrows by kind, options decide
// the output type, `throwOnError` leaves only the ok result, bound options carry over.
import { describe, expectTypeOf, it } from 'vitest';
import { run, type OkResult, type Result, type RunError, type Subprocess } from '../../src/index.js';

describe('process types', () => {
  it('Result narrows by kind and by ok', () => {
    const narrow = (result: Result) => {
      if (result.kind === 'spawn-error') expectTypeOf(result.error).toEqualTypeOf<RunError>();
      if (result.kind === 'invalid-options') expectTypeOf(result.pid).toEqualTypeOf<undefined>();
      if (result.kind === 'exit') expectTypeOf(result.exitCode).toEqualTypeOf<number>();
      if (result.kind === 'signal') expectTypeOf(result.signal).toEqualTypeOf<NodeJS.Signals>();
      if (result.ok) expectTypeOf(result.kind).toEqualTypeOf<'ok'>();
      else expectTypeOf(result.message).toEqualTypeOf<string>();
    };
    expectTypeOf(narrow).toBeFunction();
    expectTypeOf<Result['error']>().toEqualTypeOf<RunError | undefined>();
  });

  it('options decide the output type and what awaiting gives', () => {
    expectTypeOf(run('ls')).toEqualTypeOf<Subprocess<string, Result>>();
    expectTypeOf(run('ls', { encoding: 'buffer' })).toEqualTypeOf<Subprocess<Buffer, Result<Buffer>>>();
    expectTypeOf(run('ls', { throwOnError: true })).toEqualTypeOf<Subprocess<string, OkResult>>();
    const bound = run({ encoding: 'buffer' });
    expectTypeOf(bound`ls`).toEqualTypeOf<Subprocess<Buffer, Result<Buffer>>>();
    expectTypeOf(bound('ls', { throwOnError: true })).toEqualTypeOf<Subprocess<Buffer, OkResult<Buffer>>>();
    expectTypeOf(bound('ls', { encoding: 'utf8' })).toEqualTypeOf<Subprocess<string, Result>>();
    expectTypeOf(run('ls').pipe('wc -l')).toEqualTypeOf<Subprocess<string, Result>>();
  });
});
