import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compile } from '../../src/compile/index.js';
import { mapBounded } from '../../src/shared/index.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/judge');
/** One cache dir for every judge test file: fixtures and the limit helper compile once per machine. */
export const CACHE_DIR = join(tmpdir(), 'saferun-judge-test-cache');
const BINARIES = join(CACHE_DIR, 'fixture-binaries');

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/** Compiles fixture sources (relative to fixtures/judge), two at a time; returns name → binary. */
export async function compileFixtures(names: string[]): Promise<Record<string, string>> {
  mkdirSync(BINARIES, { recursive: true });
  const binaries = await mapBounded(names, 2, async (name) => {
    const output = join(BINARIES, name.replace(/[/.]/g, '_'));
    const result = await compile(fixture(name), { output, cacheDir: CACHE_DIR, optimize: '-O2' });
    if (!result.ok || !result.binary) throw new Error(`fixture ${name} did not compile: ${result.stderr}`);
    return result.binary;
  });
  return Object.fromEntries(names.map((name, i) => [name, binaries[i]!]));
}

/** Processes whose command line contains the marker: what a run left behind (an idle helper session aside). */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes(marker) && !argv.includes('--serve')) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
