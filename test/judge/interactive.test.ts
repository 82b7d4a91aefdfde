import { chmodSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge, type JudgeRequest } from '../../src/judge/index.js';
import { ensureLimitHelper } from '../../src/judge/executor/index.js';
import { describeEachSandbox, describeWith, needs } from '../helpers/requirements.js';
import { CACHE_DIR, compileFixtures, fixture, judgeElsewhere, NOBODY, runJudgeCommand } from './helpers.js';

const GUESS = 'packages/guess/submissions';
const SOURCES = [
  `${GUESS}/accepted/binary-search.cpp`,
  `${GUESS}/wrong_answer/too-many-queries.cpp`,
  `${GUESS}/time_limit_exceeded/silent.cpp`,
  'interactive/early-exit.cpp',
  'interactive/repeated-queries.cpp',
  'adversarial/snoop-judge-dirs.cpp',
  'interactive/crash.cpp',
  'interactive/interactor.cpp',
];
// Private copies (readable by nobody): a process found running one of these after a judge is this file's leftover.
const binDir = mkdtempSync(join(tmpdir(), 'interactive-test-'));
chmodSync(binDir, 0o755);
afterAll(() => rmSync(binDir, { recursive: true, force: true }));
let bin: Record<string, string>;
beforeAll(async () => {
  const compiled = await compileFixtures(SOURCES);
  bin = Object.fromEntries(
    Object.entries(compiled).map(([name, path]) => {
      const copy = join(binDir, basename(path));
      copyFileSync(path, copy);
      return [name, copy];
    }),
  );
  await ensureLimitHelper(CACHE_DIR);
});
const submission = (name: string) => bin[SOURCES.find((source) => source.includes(name))!]!;

/** Processes still running whose command line names one of the paths (a submission, an interactor, a judge dir). */
function processesNaming(parts: string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (parts.some((part) => argv.includes(part))) found.push(argv);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
// The interactor runs from the judge's dir; the submission (without a sandbox) and its helper name its path.
const LEFT = () => processesNaming([binDir, `saferun-judge-${process.pid}-`]);

describeEachSandbox('interactive problems, testlib interactor on a tests dir', (sandbox) => {
  const request = (name: string, extra: Partial<JudgeRequest> = {}): JudgeRequest => ({
    binary: submission(name),
    tests: fixture('interactive/tests'),
    interactor: fixture('interactive/interactor.cpp'),
    timeLimitMs: 1000,
    sandbox,
    cacheDir: CACHE_DIR,
    stopOnFirstFailure: false,
    ...extra,
  });

  it('AC: binary search finds every number; the interactor says how', async () => {
    const report = await judge(request('binary-search'));
    expect(report).toMatchObject({ verdict: 'AC', passed: 3, failed: 0 });
    expect(report.tests[0]).toMatchObject({ verdict: 'AC', checkerMessage: 'found in 3 queries' });
    expect(LEFT()).toEqual([]);
  });

  it('a checker given runs over the interactor output file after it', async () => {
    expect(await judge(request('binary-search', { checker: 'tokens' }))).toMatchObject({ verdict: 'AC', passed: 3 });
    const seen: string[] = [];
    const rejecting = await judge(
      request('binary-search', { checker: (_input, output) => (seen.push(output), 'WA'), stopOnFirstFailure: true }),
    );
    expect(rejecting).toMatchObject({ verdict: 'WA', failedTest: '1' });
    expect(seen).toEqual(['37\n']);
  });

  it('WA after too many queries, with the interactor message', async () => {
    const report = await judge(request('too-many-queries'));
    expect(report).toMatchObject({ verdict: 'WA', failedTest: '1' });
    expect(report.tests[0]).toMatchObject({ checkerMessage: 'too many queries: more than 7', message: '' });
    // Test 2's number is 1: found at once.
    expect(report.tests[1]).toMatchObject({ verdict: 'AC' });
  });

  it('TLE when the submission stays silent: its wall limit fires, whatever the waiting interactor says', async () => {
    const report = await judge(request('silent', { timeLimitMs: 300, stopOnFirstFailure: true }));
    expect(report).toMatchObject({ verdict: 'TLE', failedTest: '1' });
    expect(report.tests[0]!.message).toMatch(/^wall time limit of 900 ms exceeded$/);
    expect(LEFT()).toEqual([]);
  });

  it('a submission that exits early is judged by the interactor (WA)', async () => {
    const report = await judge(request('early-exit', { stopOnFirstFailure: true }));
    expect(report).toMatchObject({ verdict: 'WA', failedTest: '1' });
    expect(report.tests[0]).toMatchObject({ exitCode: 0, checkerMessage: 'the submission stopped after 0 queries' });
  });

  it('RE when the submission crashes after the interactor accepted', async () => {
    const report = await judge(request('crash', { stopOnFirstFailure: true }));
    expect(report).toMatchObject({ verdict: 'RE', failedTest: '1' });
    expect(report.tests[0]).toMatchObject({ signal: 'SIGSEGV' });
  });

  it('IE when the interactor crashes; IE when it does not compile', async () => {
    const crashed = await judge(request('binary-search', { interactor: fixture('interactive/crash-interactor.cpp') }));
    expect(crashed).toMatchObject({ verdict: 'IE', failedTest: '1' });
    expect(crashed.tests[0]!.message).toBe('interactor was killed by SIGABRT');
    const broken = await judge(request('binary-search', { interactor: fixture('aplusb/ce.cpp') }));
    expect(broken).toMatchObject({ verdict: 'IE', tests: [] });
    expect(broken.message).toMatch(/^the interactor .*ce\.cpp did not compile: 4:3: /);
    expect(LEFT()).toEqual([]);
  });

  it('IE when the interactor hangs: killed at its own wall limit, nothing left', async () => {
    const report = await judge(
      request('binary-search', {
        interactor: fixture('interactive/hang-interactor.cpp'),
        timeLimitMs: 300,
        stopOnFirstFailure: true,
      }),
    );
    expect(report).toMatchObject({ verdict: 'IE', failedTest: '1' });
    expect(report.tests[0]!.message).toBe('the interactor exceeded its time limit and was killed');
    expect(LEFT()).toEqual([]);
  });

  it('IE when the interactor runs out of its 2 GiB of address space', async () => {
    const report = await judge(
      request('binary-search', { interactor: fixture('interactive/greedy-interactor.cpp'), stopOnFirstFailure: true }),
    );
    expect(report).toMatchObject({ verdict: 'IE', failedTest: '1' });
    expect(report.tests[0]!.message).toMatch(/^interactor was killed by SIGABRT: terminate called after .*bad_alloc/);
  });

  it('a chatty interactor (megabytes of stderr, driven by the submission) still decides: WA, not IE', async () => {
    const report = await judge(
      request('repeated-queries', {
        tests: fixture('interactive/chatty-tests'),
        interactor: fixture('interactive/chatty-interactor.cpp'),
        timeLimitMs: 5000,
      }),
    );
    expect(report).toMatchObject({ verdict: 'WA', failedTest: '1' });
    // Its message is the start of what it wrote, cut, with how much there was.
    const message = report.tests[0]!.checkerMessage;
    expect(message).toMatch(/^query +1: +1\. The debug line/);
    expect(message).toMatch(/\.\.\. \(\d{7} bytes of stderr in all\)$/);
    expect(message.length).toBeLessThan(5000);
  });

  it('tests in parallel, each with its own FIFOs; relative paths', async () => {
    const relativeTo = (path: string) => relative(process.cwd(), path);
    const report = await judge(
      request('binary-search', {
        jobs: 2,
        tests: relativeTo(fixture('interactive/tests')),
        interactor: relativeTo(bin['interactive/interactor.cpp']!),
      }),
    );
    expect(report).toMatchObject({ verdict: 'AC', passed: 3 });
  });
});

describeEachSandbox('interactive problems, ICPC package (validation: custom interactive)', (sandbox) => {
  const judgePackage = (dir: string, name: string, extra: Partial<JudgeRequest> = {}) =>
    judge({ binary: submission(name), tests: fixture(dir), sandbox, cacheDir: CACHE_DIR, ...extra });

  it('AC, with judgemessage.txt as the message', async () => {
    const report = await judgePackage('packages/guess', 'binary-search');
    expect(report).toMatchObject({ verdict: 'AC', passed: 4 });
    expect(report.tests[1]!.checkerMessage).toBe('found 1000 in 10 queries');
    expect(LEFT()).toEqual([]);
  });

  it('WA after too many queries; TLE when silent', async () => {
    const wrong = await judgePackage('packages/guess', 'too-many-queries');
    expect(wrong).toMatchObject({ verdict: 'WA', failedTest: 'sample/1' });
    expect(wrong.tests[0]).toMatchObject({ checkerMessage: 'too many queries: more than 4' });
    const silent = await judgePackage('packages/guess', 'silent', { timeLimitMs: 300 });
    expect(silent).toMatchObject({ verdict: 'TLE', failedTest: 'sample/1' });
    expect(silent.tests[0]!.message).toBe('wall time limit of 900 ms exceeded');
  });

  it('a submission that exits early is judged by the interactor', async () => {
    const report = await judgePackage('packages/guess', 'early-exit');
    expect(report).toMatchObject({ verdict: 'WA', failedTest: 'sample/1' });
    expect(report.tests[0]!.checkerMessage).toBe('the submission stopped after 0 queries without finding the number');
  });

  it('IE when the interactor crashes; the interactor option is refused on a package', async () => {
    const crashed = await judgePackage('packages/guess-crash', 'binary-search');
    expect(crashed).toMatchObject({ verdict: 'IE' });
    expect(crashed.tests[0]!.message).toMatch(/^interactor was killed by SIGABRT, expected exit code 42/);
    const both = await judgePackage('packages/guess', 'binary-search', {
      interactor: fixture('interactive/interactor.cpp'),
    });
    expect(both).toMatchObject({ verdict: 'IE', tests: [] });
    expect(both.message).toMatch(/^the `interactor` option is for a plain tests dir/);
    expect(LEFT()).toEqual([]);
  });
});

describeWith([needs.root(), needs.setpriv()], 'interactive problems as a normal user (nobody)', () => {
  it('AC and TLE, nothing left behind', async () => {
    const base = {
      tests: fixture('interactive/tests'),
      interactor: bin['interactive/interactor.cpp'],
      cacheDir: CACHE_DIR,
      timeLimitMs: 300,
    };
    const ok = await judgeElsewhere({ judge: { ...base, binary: submission('binary-search') } }, { as: NOBODY });
    expect(ok).toMatchObject({ verdict: 'AC', passed: 3 });
    const silent = await judgeElsewhere({ judge: { ...base, binary: submission('silent') } }, { as: NOBODY });
    expect(silent).toMatchObject({ verdict: 'TLE' });
    expect(LEFT()).toEqual([]);
  });
});

describeWith([needs.root()], 'interactive problems without a sandbox', () => {
  it('a submission finds nothing of the judge: not the interactor, its dirs, nor other tests', async () => {
    const report = await judge({
      binary: submission('snoop-judge-dirs'),
      tests: fixture('interactive/tests'),
      interactor: fixture('interactive/interactor.cpp'),
      sandbox: 'none',
      stopOnFirstFailure: false,
      cacheDir: CACHE_DIR,
    });
    // It never talks to the interactor (WA): what matters is what it found on the way.
    expect(report.tests).toHaveLength(3);
    expect(report.tests.map((test) => test.stderr ?? '').join('')).not.toMatch(/leak/);
  });
});

describe('judge --interactor', () => {
  const run = runJudgeCommand;
  const tests = () => fixture('interactive/tests');
  const interactor = () => fixture('interactive/interactor.cpp');

  it('AC and WA, the interactor message on the failing line; a --checker given runs after it', async () => {
    const ok = await run([submission('binary-search'), tests(), '--interactor', interactor()]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/verdict: AC \(3 passed/);
    const wrong = await run([submission('too-many-queries'), tests(), '--interactor', interactor()]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^#1 WA \d+ ms \d+\.\d MB {2}too many queries: more than 7\n/);
    const checked = await run([
      submission('binary-search'),
      tests(),
      '--interactor',
      interactor(),
      '--checker',
      'exact',
    ]);
    expect(checked.stdout).toMatch(/verdict: AC \(3 passed/);
  });

  it('refuses an empty --interactor before anything runs', async () => {
    const { code, stderr } = await run([submission('binary-search'), tests(), '--interactor', '']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^judge: --interactor needs a file/);
  });
});
