// Hostile submissions that attack at compile time, through judge(): in the sandbox each gets the
// right verdict and learns nothing of the host; without it (where that means something) the same
// attack works, so each test can fail.
import { describeWith, itWith, needs } from '../helpers/requirements.js';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { buildPch } from '../../src/compile/index.js';
import { judge, type JudgeRequest } from '../../src/judge/index.js';
import { execFile } from '../../src/process/index.js';
import { runJobJudge } from '../../src/queue/run-job-judge.js';
import type { JudgeJobData } from '../../src/queue/types.js';
import { makeTempDir } from '../compile/helpers.js';
import { leftoverStepDirs, runInChild } from '../sandbox/helpers.js';
import { CACHE_DIR, fixture, processesWith } from './helpers.js';

const temp = makeTempDir('compile-attacks');
chmodSync(temp.dir, 0o755);
afterAll(() => temp.remove());

function ownDir(): string {
  const dir = join(temp.dir, randomUUID());
  mkdirSync(dir, { mode: 0o755 });
  return dir;
}

// A file of the test's own outside the system dirs, readable by everyone on the host.
const secret = `saferun_secret_${randomUUID().replaceAll('-', '_')}`;
const secretFile = join(ownDir(), 'secret.txt');
writeFileSync(secretFile, `${secret}\n`, { mode: 0o644 });
// One test: 1 2 -> 3.
const tests = ownDir();
writeFileSync(join(tests, '1.in'), '1 2\n');
writeFileSync(join(tests, '1.ans'), '3\n');
const answerFile = join(tests, '1.ans');

const quoted = (path: string) => JSON.stringify(path);

const JOB_DEFAULTS: Omit<JudgeJobData, 'source' | 'tests' | 'flags'> = {
  language: 'cpp',
  timeLimitMs: 1000,
  memoryLimitMb: 256,
  outputLimitMb: 64,
  checker: 'tokens',
  stopOnFirstFailure: true,
  progress: false,
};

async function judgeFixture(name: string, sandbox: 'bwrap' | 'none', extra: Partial<JudgeRequest> = {}) {
  const report = await judge({
    source: name.startsWith('/') ? name : fixture('adversarial', name),
    tests,
    sandbox,
    cacheDir: CACHE_DIR,
    ...extra,
  });
  expect(leftoverStepDirs()).toEqual([]);
  return report;
}

const withHostFile = (path: string) => ({ compileOptions: { defines: { HOST_FILE: quoted(path) } } });

/** Lines of /etc/shadow (readable as root only; empty otherwise). */
function shadowLines(): string[] {
  try {
    return readFileSync('/etc/shadow', 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describeWith([needs.gpp(), needs.bwrap()], 'compile-time attacks, sandboxed', () => {
  it('#include "/etc/shadow" is CE, and no line of it reaches the report', async () => {
    const report = await judgeFixture('include-shadow.cpp', 'bwrap');
    expect(report).toMatchObject({ verdict: 'CE', compile: { kind: 'compile-error', sandbox: 'bwrap' } });
    expect(report.compile!.diagnostics[0]!.message).toBe('/etc/shadow: No such file or directory');
    const text = JSON.stringify(report);
    for (const line of shadowLines()) expect(text).not.toContain(line);
  });

  itWith([needs.root()], 'without the sandbox, root compiles /etc/shadow as C++', async () => {
    const report = await judgeFixture('include-shadow.cpp', 'none');
    expect(report.verdict).toBe('CE');
    expect(report.compile!.diagnostics[0]).toMatchObject({ file: '/etc/shadow', line: 1 });
  });

  it('including a host file of its own: CE, and its content nowhere in the report', async () => {
    const boxed = await judgeFixture('include-host-file.cpp', 'bwrap', withHostFile(secretFile));
    expect(boxed.verdict).toBe('CE');
    expect(boxed.compile!.diagnostics[0]!.message).toBe(`${secretFile}: No such file or directory`);
    expect(JSON.stringify(boxed)).not.toContain(secret);
    const onHost = await judgeFixture('include-host-file.cpp', 'none', withHostFile(secretFile));
    expect(JSON.stringify(onHost)).toContain(secret);
  });

  it('judge() and the queue compile in the sandbox by default', async () => {
    const report = await judge({
      source: fixture('adversarial', 'include-host-file.cpp'),
      tests,
      cacheDir: CACHE_DIR,
      ...withHostFile(secretFile),
    });
    expect(report).toMatchObject({ verdict: 'CE', sandbox: 'bwrap', compile: { sandbox: 'bwrap' } });
    const job = {
      ...JOB_DEFAULTS,
      source: readFileSync(fixture('adversarial', 'include-host-file.cpp'), 'utf8'),
      flags: [`-DHOST_FILE=${quoted(secretFile)}`],
      tests: [{ input: '1 2\n', expected: '3\n' }],
    };
    const context = { judge, signal: new AbortController().signal, onTest: () => undefined, cacheDir: CACHE_DIR };
    const queued = await runJobJudge(job, context);
    expect(queued).toMatchObject({ verdict: 'CE', compile: { sandbox: 'bwrap' } });
    expect(JSON.stringify(queued)).not.toContain(secret);
    expect(JSON.stringify(await runJobJudge(job, { ...context, sandbox: 'none' }))).toContain(secret);
  });

  it("a testlib checker, the problem's own, compiles on the host next to its headers", async () => {
    const dir = ownDir();
    const checker = join(dir, 'checker.cpp');
    writeFileSync(join(dir, 'near.h'), '// a header next to the checker, as testlib.h often is\n');
    writeFileSync(checker, `#include "near.h"\n${readFileSync(fixture('testlib', 'checker.cpp'), 'utf8')}`);
    const report = await judge({
      source: fixture('testlib', 'ac.cpp'),
      tests: fixture('testlib', 'tests'),
      checker: { testlib: checker },
      cacheDir: CACHE_DIR,
      compileOptions: { sandbox: 'bwrap' },
    });
    expect(report).toMatchObject({ verdict: 'AC', compile: { sandbox: 'bwrap' } });
  });

  it("compiling the test's answer in is CE, never AC", async () => {
    const boxed = await judgeFixture('include-answer.cpp', 'bwrap', withHostFile(answerFile));
    expect(boxed.verdict).toBe('CE');
    expect((await judgeFixture('include-answer.cpp', 'none', withHostFile(answerFile))).verdict).toBe('AC');
  });

  it('__has_include of a host path builds, but cannot tell whether the path exists', async () => {
    const exists = await judgeFixture('has-include-probe.cpp', 'bwrap', withHostFile(answerFile));
    const missing = await judgeFixture('has-include-probe.cpp', 'bwrap', withHostFile(join(tests, 'none.ans')));
    expect(exists).toMatchObject({ verdict: 'WA', tests: [{ output: '0\n' }] });
    expect(missing).toMatchObject({ verdict: 'WA', tests: [{ output: '0\n' }] });
    const onHost = await judgeFixture('has-include-probe.cpp', 'none', withHostFile(answerFile));
    expect(onHost).toMatchObject({ verdict: 'WA', tests: [{ output: '1\n' }] });
  });

  it('.incbin of /etc/passwd, or of a host file, is CE with nothing of the file in the report', async () => {
    const passwd = await judgeFixture('incbin.cpp', 'bwrap');
    expect(passwd.verdict).toBe('CE');
    expect(passwd.compile!.stderr).toContain('file not found: /etc/passwd');
    expect(JSON.stringify(passwd)).not.toContain('root:x:0:0');
    const own = await judgeFixture('incbin.cpp', 'bwrap', withHostFile(secretFile));
    expect(own.verdict).toBe('CE');
    expect(JSON.stringify(own)).not.toContain(secret);
    // On the host the program carries the file and prints it.
    expect((await judgeFixture('incbin.cpp', 'none')).tests[0]!.output).toContain('root:x:0:0');
    expect((await judgeFixture('incbin.cpp', 'none', withHostFile(secretFile))).tests[0]!.output).toContain(secret);
  });

  it('#include "/dev/zero" ends at the compile limits as CE, in both modes', async () => {
    for (const sandbox of ['bwrap', 'none'] as const) {
      const report = await judgeFixture('include-dev-zero.cpp', sandbox, {
        compileOptions: { memoryLimitMb: 512, timeout: 20_000 },
      });
      expect(report.verdict).toBe('CE');
      expect(['memory-limit', 'timeout']).toContain(report.compile!.kind);
    }
  });

  it('#include "/dev/stdin" reads nothing and never waits', async () => {
    const boxed = await judgeFixture('include-dev-stdin.cpp', 'bwrap');
    expect(boxed).toMatchObject({ verdict: 'WA', compile: { kind: 'ok' } });
    expect((await judgeFixture('include-dev-stdin.cpp', 'none')).verdict).toBe('CE');
  });

  it('a template bomb ends at the compile limits, with no compiler left running', async () => {
    const dir = ownDir();
    const source = join(dir, `template-bomb-${randomUUID()}.cpp`);
    copyFileSync(fixture('../compile/errors/template-bomb.cpp'), source);
    for (const sandbox of ['bwrap', 'none'] as const) {
      const report = await judgeFixture(source, sandbox, { compileOptions: { timeout: 3000 } });
      expect(report.verdict).toBe('CE');
      expect(['memory-limit', 'timeout']).toContain(report.compile!.kind);
      expect([...processesWith(source), ...processesWith(basename(source))]).toEqual([]);
    }
  });

  it('cannot write into the compile cache, or get the shared PCH discarded', async () => {
    // A cache of its own: the host half below discards its PCH.
    const cacheDir = join(ownDir(), 'cache');
    const pch = await buildPch({ cacheDir, optimize: '-O2' });
    expect(pch.ok).toBe(true);
    const gch = join(pch.dir!, 'bits', 'stdc++.h.gch');
    const before = statSync(gch);
    const source = join(ownDir(), 'pch-include.cpp');
    writeFileSync(source, readFileSync(fixture('adversarial', 'pch-include.cpp'), 'utf8').replace('@PCH_FILE@', gch));
    const compileOptions = { timeout: 3000 };
    expect((await judgeFixture(source, 'bwrap', { cacheDir, compileOptions })).verdict).toBe('CE');
    const error = await judgeFixture('pch-error.cpp', 'bwrap', { cacheDir, compileOptions: { timeout: 20_000 } });
    expect(error).toMatchObject({ verdict: 'CE', compile: { kind: 'compile-error' } });
    const after = statSync(gch);
    expect([after.ino, after.mtimeMs, after.size]).toEqual([before.ino, before.mtimeMs, before.size]);
    expect(readdirSync(join(cacheDir, 'pch'))).toEqual([basename(pch.dir!)]);
    // On the host the same error has the entry moved aside and rebuilt: the check above can fail.
    await judgeFixture('pch-error.cpp', 'none', { cacheDir, compileOptions: { timeout: 20_000 } });
    expect(readdirSync(join(cacheDir, 'pch')).some((name) => name.includes('.stale-'))).toBe(true);
  }, 180_000);
});

describeWith([needs.gpp(), needs.userBwrap()], 'compile-time attacks, sandboxed, for a judge that is not root', () => {
  it('reads no host file, not its answer, cannot probe, cannot .incbin', async () => {
    const dir = ownDir();
    chownSync(dir, 65534, 65534);
    const cacheDir = join(dir, 'cache');
    const options = (hostFile: string | undefined, more: Record<string, unknown> = {}) => ({
      sandbox: 'bwrap',
      cacheDir,
      ...(hostFile ? { defines: { HOST_FILE: quoted(hostFile) } } : {}),
      ...more,
    });
    const source = (name: string) => fixture('adversarial', name);
    const probe = join(dir, 'probe');
    const [include, answer, probed, incbin, incbinOnHost] = await runInChild(
      [
        { sources: source('include-host-file.cpp'), options: options(secretFile) },
        { sources: source('include-answer.cpp'), options: options(answerFile) },
        { sources: source('has-include-probe.cpp'), options: options(answerFile, { output: probe }) },
        { sources: source('incbin.cpp'), options: options(undefined) },
        { sources: source('incbin.cpp'), options: options(undefined, { sandbox: 'none' }) },
      ],
      { nobody: true },
    );
    expect(include).toMatchObject({ kind: 'compile-error', sandbox: 'bwrap' });
    expect(JSON.stringify(include)).not.toContain(secret);
    expect(answer.kind).toBe('compile-error');
    expect(probed.kind).toBe('ok');
    expect((await execFile(probe)).stdout).toBe('0');
    expect(incbin.kind).toBe('compile-error');
    // As uid 65534 on the host, /etc/passwd is readable: the sandbox is what stops it.
    expect(incbinOnHost.kind).toBe('ok');
  });
});
