import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRun, looksLikeFailedAllocation } from '../../src/judge/executor/classify-run.js';
import { ensureLimitHelper } from '../../src/judge/executor/helper-binary.js';
import type { Measurement } from '../../src/judge/executor/measurement.js';
import { normalizeLimits } from '../../src/judge/limits.js';

const limits = normalizeLimits({ timeLimitMs: 1000, memoryLimitMb: 64, outputLimitMb: 1 });
const clean: Measurement = {
  cpuMs: 10,
  wallMs: 12,
  memoryKb: 2000,
  stdoutBytes: 0,
  stderrBytes: 0,
  exitCode: 0,
  signal: null,
  limit: null,
  oomKills: 0,
  accounting: 'rlimit',
  error: null,
};
const kindOf = (m: Partial<Measurement>, outputBytes = 0, stderr = '') =>
  classifyRun({ ...clean, ...m }, limits, outputBytes, stderr).kind;

describe('classifyRun', () => {
  it('orders the reasons: output, CPU time, wall time, memory, signal, exit code', () => {
    expect(kindOf({})).toBe('ok');
    expect(kindOf({ signal: 25, limit: 'cpu' })).toBe('output-limit'); // SIGXFSZ
    expect(kindOf({}, 2 * 1024 * 1024)).toBe('output-limit');
    expect(kindOf({ limit: 'cpu', signal: 9, memoryKb: 70_000 })).toBe('time-limit');
    expect(kindOf({ cpuMs: 1001 })).toBe('time-limit');
    expect(kindOf({ signal: 24 })).toBe('time-limit'); // SIGXCPU, the RLIMIT_CPU backstop
    expect(kindOf({ limit: 'wall', signal: 9 })).toBe('wall-time-limit');
    expect(kindOf({ memoryKb: 64 * 1024 + 1 })).toBe('memory-limit');
    expect(kindOf({ signal: 11 })).toBe('signal');
    expect(kindOf({ exitCode: 1 })).toBe('exit');
  });

  it('names the signal in the message', () => {
    expect(classifyRun({ ...clean, exitCode: null, signal: 8 }, limits, 0, '').message).toBe('killed by SIGFPE');
  });
});

describe('looksLikeFailedAllocation', () => {
  const limitKb = 64 * 1024;
  it('is MLE for an uncaught bad_alloc (SIGABRT) at any peak', () => {
    expect(
      looksLikeFailedAllocation(
        'SIGABRT',
        null,
        "terminate called after throwing an instance of 'std::bad_alloc'",
        3000,
        limitKb,
      ),
    ).toBe(true);
  });
  it('is MLE for SIGSEGV with a peak near the limit', () => {
    expect(looksLikeFailedAllocation('SIGSEGV', null, '', 60_000, limitKb)).toBe(true);
    expect(looksLikeFailedAllocation('SIGSEGV', null, '', 3000, limitKb)).toBe(false);
  });
  it('is MLE for a non-zero exit that reports a failed allocation', () => {
    expect(looksLikeFailedAllocation(null, 1, 'malloc: Cannot allocate memory', 3000, limitKb)).toBe(true);
    expect(looksLikeFailedAllocation(null, 1, 'bad input', 60_000, limitKb)).toBe(false);
  });
  it('never for a clean exit or another signal', () => {
    expect(looksLikeFailedAllocation(null, 0, 'bad_alloc', 60_000, limitKb)).toBe(false);
    expect(looksLikeFailedAllocation('SIGFPE', null, '', 60_000, limitKb)).toBe(false);
  });
});

describe('ensureLimitHelper', () => {
  it('builds once into the cache dir, named by the source hash, and shares the build', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'saferun-helper-'));
    const [a, b] = await Promise.all([ensureLimitHelper(cacheDir), ensureLimitHelper(cacheDir)]);
    expect(a).toBe(b);
    expect(a).toMatch(/\/judge\/saferun-limit-[0-9a-f]{16}$/);
    expect(statSync(a).mode & 0o111).not.toBe(0);
    expect(readdirSync(join(cacheDir, 'judge'))).toEqual([a.split('/').pop()]); // no temp file left
  });

  it('builds again when the built helper was deleted (cache dir cleaned)', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'saferun-helper-'));
    const first = await ensureLimitHelper(cacheDir);
    rmSync(join(cacheDir, 'judge'), { recursive: true, force: true });
    const again = await ensureLimitHelper(cacheDir);
    expect(again).toBe(first);
    expect(statSync(again).mode & 0o111).not.toBe(0);
  });
});
