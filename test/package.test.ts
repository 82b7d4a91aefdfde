import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFile, run } from '../src/process/index.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

describe('the published package', () => {
  it('holds the built code, the tools, the helper source, the docs and the licence, and nothing else', async () => {
    const packed = await run('npm pack --dry-run --json --ignore-scripts', { timeout: 120_000 });
    expect(packed.kind, packed.stderr).toBe('ok');
    const [entry] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
    const files = entry.files.map((file) => file.path);
    for (const needed of [
      'LICENSE',
      'README.md',
      'package.json',
      'bin/judge.js',
      'bin/compile-check.js',
      'bin/judge-worker.js',
      'native/saferun-limit.c',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/compile/index.js',
      'dist/judge/index.js',
      'dist/queue/entry.js',
      'dist/queue/entry.d.ts',
      'dist/ipc/index.js',
      'docs/judge.md',
    ]) {
      expect(files).toContain(needed);
    }
    // No source maps pointing at an unshipped src/, no tests, fixtures or sources.
    expect(files.filter((file) => /\.map$|^(src|test|fixtures|bench|\.ci)\//.test(file))).toEqual([]);
  }, 120_000);

  // As a dependency: packed, installed into a fresh project, imported by name, its tools run with npx.
  it('npm pack + npm install gives a project where `import { run } from "saferun"` and `npx judge` work', async () => {
    const project = mkdtempSync(join(tmpdir(), 'saferun-consumer-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module' }),
    );
    // dist is built by `pretest`; `prepare` would rebuild it in place while other test files read it.
    const packed = await run(`npm pack --ignore-scripts --pack-destination ${project}`, { timeout: 120_000 });
    expect(packed.kind, packed.stderr).toBe('ok');
    const tarball = packed.stdout.trim().split('\n').pop()!;
    const installed = await execFile(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`],
      { cwd: project, timeout: 180_000 },
    );
    expect(installed.kind, installed.stderr).toBe('ok');
    const script =
      "import { run, execSync } from 'saferun'; const r = await run('echo works'); console.log(r.stdout, execSync('exit 3').exitCode);";
    const used = await execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    expect(used).toMatchObject({ ok: true, stdout: 'works 3' });
    const tool = await execFile('npx', ['--no-install', 'judge', '--version'], { cwd: project, timeout: 60_000 });
    expect(tool).toMatchObject({ ok: true, stdout: `judge ${version}` });

    // BullMQ is an optional peer dependency: not installed, so the install stays small...
    const packages = readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(packages.sort()).toEqual([
      'cross-spawn',
      'isexe',
      'path-key',
      'saferun',
      'shebang-command',
      'shebang-regex',
      'which',
      'yaml',
    ]);
    // ...every other entry point works without it, and the queue says what to install.
    const subpaths = [
      'const names = async (s) => Object.keys(await import(s)).length > 0;',
      "console.log(await names('saferun/compile'), await names('saferun/judge'), await names('saferun/ipc'));",
      "await import('saferun/queue').catch((error) => console.log(error.code, error.message));",
    ].join('\n');
    const imported = await execFile(process.execPath, ['--input-type=module', '-e', subpaths], { cwd: project });
    expect(imported.stdout).toBe(
      'true true true\nERR_MISSING_PACKAGE `saferun/queue` needs the `bullmq` package, which is not installed: npm install bullmq',
    );
    const worker = await execFile('npx', ['--no-install', 'judge-worker', '--version'], {
      cwd: project,
      timeout: 60_000,
    });
    expect(worker).toMatchObject({
      kind: 'exit',
      exitCode: 2,
      stderr: 'judge-worker: judge-worker needs the `bullmq` package, which is not installed: npm install bullmq',
    });
  }, 300_000);
});
