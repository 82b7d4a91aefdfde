import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFailure } from '../../src/cli/judge/format.js';
import { excerptStderr } from '../../src/judge/stderr-excerpt.js';
import { ensureLimitHelper, LimitSession, resolveBackend } from '../../src/judge/executor/index.js';
import { judge } from '../../src/judge/index.js';
import { normalizeLimits } from '../../src/judge/limits.js';
import { resolveSandbox } from '../../src/sandbox/index.js';
import { describeEachSandbox } from '../helpers/requirements.js';
import { CACHE_DIR, compileFixtures, fixture, runJudgeCommand } from './helpers.js';

// The run root is read once per module: a private one, so that the test can find its session's run dir.
const runRoot = mkdtempSync(join(tmpdir(), 'stderr-test-'));
process.env.SAFERUN_RUN_DIR = runRoot;
afterAll(() => rmSync(runRoot, { recursive: true, force: true }));

let bin: Record<string, string>;
beforeAll(async () => {
  bin = await compileFixtures([
    'stderr/flood.cpp',
    'stderr/traceback.cpp',
    'stderr/endless.cpp',
    'adversarial/terminal-escapes.cpp',
  ]);
});

describeEachSandbox('stderr apart from stdout', (sandbox) => {
  const limits = { timeLimitMs: 2000, memoryLimitMb: 64, outputLimitMb: 1, sandbox, cacheDir: CACHE_DIR } as const;

  it('9 MB of stderr and a correct stdout under a 1 MB output limit: AC, with the first KiB of stderr', async () => {
    const report = await judge({ binary: bin['stderr/flood.cpp']!, tests: fixture('aplusb/tests'), ...limits });
    expect(report).toMatchObject({ verdict: 'AC', passed: 12 });
    const first = report.tests[0]!;
    expect(first.stderr).toBe(`${'d'.repeat(1023)}\n`);
  });

  it('a Python-like error on stderr and exit 1: RE, the traceback in the report', async () => {
    const report = await judge({ binary: bin['stderr/traceback.cpp']!, tests: fixture('aplusb/tests'), ...limits });
    expect(report).toMatchObject({ verdict: 'RE', failedTest: '1' });
    expect(report.tests[0]!.stderr).toBe(
      'Traceback (most recent call last):\n  File "/sandbox/main.py", line 1, in <module>\n' +
        "    import numpy\nModuleNotFoundError: No module named 'numpy'\n",
    );
  });

  it('stderr without end: the time limit fires, and the run dir holds 64 KiB of it, no more', async () => {
    const [helper, backend, resolved] = await Promise.all([
      ensureLimitHelper(CACHE_DIR),
      resolveBackend('auto', () => undefined),
      resolveSandbox(sandbox),
    ]);
    const session = await LimitSession.open({
      helper,
      program: bin['stderr/endless.cpp']!,
      sandbox: resolved,
      backend,
      inputDirs: [],
    });
    try {
      const run = await session.run({ limits: normalizeLimits({ timeLimitMs: 300, outputLimitMb: 1 }) });
      expect(run.kind).toMatch(/^(time-limit|wall-time-limit)$/);
      expect(run.stderr).toBe('x'.repeat(64 * 1024));
      // The session's run dir, before close() removes it.
      const sessions = readdirSync(runRoot).filter((name) => name.startsWith('saferun-session-'));
      const sizes = sessions.map((name) => statSync(join(runRoot, name, 'run', 'stderr')).size);
      expect(sizes).toEqual([64 * 1024]);
    } finally {
      await session.close();
    }
  });
});

describe('the judge CLI shows stderr under an RE', () => {
  const run = runJudgeCommand;

  it('prints the traceback, indented, after the failing line', async () => {
    const { code, stdout } = await run([bin['stderr/traceback.cpp']!, fixture('aplusb/tests')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^#1 RE \d+ ms \d+\.\d MB {2}exit code 1\n/);
    expect(stdout).toContain(
      '\n--- test 1: stderr (first KiB)\n  Traceback (most recent call last):\n' +
        '    File "/sandbox/main.py", line 1, in <module>\n      import numpy\n' +
        "  ModuleNotFoundError: No module named 'numpy'\n",
    );
  });

  it('escapes what would drive the terminal: in the test line and the diff of a WA', async () => {
    const { stdout } = await run([bin['adversarial/terminal-escapes.cpp']!, fixture('aplusb/tests')]);
    expect(stdout).toContain('\\x1b[2J\\x1b[H\\x1b]0;pwned\\x07\\x1b[8m\\x9b31m\\u{202e}');
    // No escape, C1 control or bidi override left raw (the CLI paints nothing without a TTY).
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('--json carries it in each test', async () => {
    const { stdout } = await run([bin['stderr/traceback.cpp']!, fixture('aplusb/tests'), '--json']);
    expect(JSON.parse(stdout).tests[0].stderr).toContain("ModuleNotFoundError: No module named 'numpy'");
  });
});

describe('excerptStderr and the CLI stderr block', () => {
  it('keeps 1 KiB, cut between characters and never inside a \\xHH escape', () => {
    expect(excerptStderr('short\n')).toBe('short\n');
    const euros = '€'.repeat(400); // 3 bytes each: 341 fit in 1024
    expect(excerptStderr(euros)).toBe('€'.repeat(341));
    const escapes = `${'a'.repeat(1022)}\\xff`;
    expect(excerptStderr(escapes)).toBe('a'.repeat(1022));
  });

  it('shows control characters as \\xHH, never raw to the terminal', () => {
    const test = { name: '1', verdict: 'RE', stderr: 'red \u001b[31mtext\u0007\n' } as const;
    expect(
      formatFailure({
        ...test,
        cpuMs: 0,
        wallMs: 0,
        memoryKb: 0,
        exitCode: 1,
        signal: null,
        message: '',
        checkerMessage: '',
      }),
    ).toBe('\n--- test 1: stderr (first KiB)\n  red \\x1b[31mtext\\x07\n');
  });
});
