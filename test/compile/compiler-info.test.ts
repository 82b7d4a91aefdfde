import { describe, expect, it } from 'vitest';
import { resolveCacheDir } from '../../src/compile/index.js';
import { getCompilerInfo, isCompilerInfo, parseVersionLine } from '../../src/compile/compiler-info.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

describe('parseVersionLine', () => {
  it('knows GCC 10 and later print JSON diagnostics', () => {
    expect(parseVersionLine('g++', 'g++ (Debian 12.2.0-14+deb12u1) 12.2.0')).toEqual({
      compiler: 'g++',
      version: 'g++ (Debian 12.2.0-14+deb12u1) 12.2.0',
      family: 'gcc',
      major: 12,
      json: true,
    });
    expect(parseVersionLine('g++-9', 'g++-9 (Ubuntu 9.4.0-1ubuntu1~20.04.2) 9.4.0')).toMatchObject({
      family: 'gcc',
      major: 9,
      json: false,
    });
  });

  it('reads Clang as text-only, with no PCH', () => {
    expect(parseVersionLine('clang++', 'Debian clang version 14.0.6')).toMatchObject({
      family: 'clang',
      major: 14,
      json: false,
    });
    expect(parseVersionLine('clang++', 'Apple clang version 15.0.0 (clang-1500.3.9.4)')).toMatchObject({
      family: 'clang',
      major: 15,
    });
  });
});

describe('resolveCacheDir', () => {
  it('prefers SAFERUN_CACHE_DIR, then XDG_CACHE_HOME/saferun, then ~/.cache/saferun', () => {
    expect(resolveCacheDir({ SAFERUN_CACHE_DIR: '/tmp/a', XDG_CACHE_HOME: '/tmp/x' })).toBe('/tmp/a');
    expect(resolveCacheDir({ XDG_CACHE_HOME: '/tmp/x' })).toBe('/tmp/x/saferun');
    expect(resolveCacheDir({})).toBe(join(homedir(), '.cache', 'saferun'));
  });
});

describe('getCompilerInfo', () => {
  it('forgets a failed probe and asks again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compiler-info-'));
    try {
      const compiler = join(dir, 'late-g++');
      expect(isCompilerInfo(await getCompilerInfo(compiler))).toBe(false);
      writeFileSync(compiler, '#!/bin/sh\necho "g++ (Test) 12.2.0"\n', { mode: 0o755 });
      expect(await getCompilerInfo(compiler)).toMatchObject({ family: 'gcc', major: 12 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
