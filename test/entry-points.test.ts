// `import { run } from 'saferun'` is light: it loads the process API and nothing of BullMQ,
// ioredis, the compile cache or the judge. Each area has its own entry point.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFile } from '../src/process/index.js';

const ROOT = join(import.meta.dirname, '..');

/** The modules a fresh Node process loads for `import(specifier)`: ESM through a loader hook, CommonJS from require.cache. */
async function modulesLoadedBy(specifier: string): Promise<string[]> {
  const log = join(mkdtempSync(join(tmpdir(), 'saferun-loads-')), 'loads.txt');
  const code = [
    "import { createRequire } from 'node:module';",
    `const api = await import(${JSON.stringify(specifier)});`,
    'if (Object.keys(api).length === 0) process.exit(3);',
    "console.log(Object.keys(createRequire(import.meta.url).cache).join('\\n'));",
  ].join('\n');
  const result = await execFile(
    process.execPath,
    ['--import', './fixtures/process/record-loads.mjs', '--input-type=module', '-e', code],
    { cwd: ROOT, env: { SAFERUN_LOAD_LOG: log }, timeout: 60_000 },
  );
  expect(result.kind, result.stderr).toBe('ok');
  return [...readFileSync(log, 'utf8').split('\n'), ...result.stdout.split('\n')].filter(Boolean);
}

const heavy = (file: string) => /\/node_modules\/(bullmq|ioredis|luxon|msgpackr|cron-parser)\//.test(file);

describe('entry points', () => {
  it("importing 'saferun' opens no file of BullMQ (or ioredis), nor of compile, judge or queue", async () => {
    const loaded = await modulesLoadedBy('saferun');
    expect(loaded.some((file) => file.endsWith('/dist/process/api.js'))).toBe(true);
    expect(loaded.filter(heavy)).toEqual([]);
    expect(loaded.filter((file) => /\/dist\/(compile|judge|queue|sandbox)\//.test(file))).toEqual([]);
  });

  it("'saferun/queue' is where BullMQ is loaded (the check above sees it when it is there)", async () => {
    const loaded = await modulesLoadedBy('saferun/queue');
    expect(loaded.some((file) => file.includes('/node_modules/bullmq/'))).toBe(true);
  });

  it.each(['saferun/compile', 'saferun/judge', 'saferun/ipc'])('%s loads without BullMQ', async (specifier) => {
    const loaded = await modulesLoadedBy(specifier);
    expect(loaded.filter(heavy)).toEqual([]);
  });

  it('each entry point exports its area', async () => {
    const names = async (specifier: string) => Object.keys(await import(specifier)).sort();
    expect(await names('saferun')).toEqual(
      [
        'IpcChild',
        'RunFailedError',
        'SaferunError',
        'Subprocess',
        'exec',
        'execFile',
        'execFileSync',
        'execSync',
        'fork',
        'formatCommand',
        'parseCommand',
        'quoteArgument',
        'run',
        'runSync',
        'spawn',
      ].sort(),
    );
    expect(await names('saferun/compile')).toContain('compile');
    expect(await names('saferun/judge')).toContain('judge');
    expect(await names('saferun/queue')).toEqual(
      ['MAX_PROGRESS_INTERVAL_MS', 'createJudgeQueue', 'normalizeConnection', 'startJudgeWorker', 'validateJob'].sort(),
    );
    expect(await names('saferun/ipc')).toContain('parentChannel');
  });
});
