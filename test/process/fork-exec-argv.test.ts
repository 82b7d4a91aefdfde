import { describe, expect, it } from 'vitest';
import { execFile } from '../../src/process/index.js';
import { inheritedExecArgv } from '../../src/process/inherited-exec-argv.js';

describe("fork's inherited execArgv", () => {
  it('drops -e/-p with their code and --input-type, keeps the other flags', () => {
    expect(inheritedExecArgv(['--input-type=module', '-e', 'code', '--max-old-space-size=64'])).toEqual([
      '--max-old-space-size=64',
    ]);
    expect(inheritedExecArgv(['--eval=code', '-p', 'x', '--enable-source-maps', '--input-type', 'module'])).toEqual([
      '--enable-source-maps',
    ]);
    expect(inheritedExecArgv(['--no-warnings'])).toEqual(['--no-warnings']);
  });

  it('a parent started with `node -e` forks the module, not its own code again', async () => {
    // Guarded: if the code ran again in the child, it would print `recursed` instead of forking.
    const code = [
      "import { fork } from 'saferun';",
      "if (process.env.SAFERUN_FORK_DEPTH) { console.log('recursed'); process.exit(0); }",
      "const result = await fork('fixtures/process/print-module.mjs', [], { env: { SAFERUN_FORK_DEPTH: '1' } });",
      'console.log(result.stdout, result.kind);',
    ].join('\n');
    const result = await execFile(process.execPath, ['--input-type=module', '-e', code], { timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('module ran ok');
  });
});
