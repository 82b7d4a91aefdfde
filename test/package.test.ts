import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execFile, run } from '../src/process/index.js';

// The package as a dependency: packed, installed into a fresh project, imported by name.
describe('saferun as a dependency', () => {
  it('npm pack + npm install gives a project where `import { run } from "saferun"` works', async () => {
    const project = mkdtempSync(join(tmpdir(), 'saferun-consumer-'));
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module' }),
    );
    const packed = await run(`npm pack --pack-destination ${project}`, { timeout: 120_000 });
    expect(packed.kind, packed.stderr).toBe('ok');
    const tarball = packed.stdout.trim().split('\n').pop()!;
    const installed = await execFile(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball}`],
      {
        cwd: project,
        timeout: 180_000,
      },
    );
    expect(installed.kind, installed.stderr).toBe('ok');
    const script =
      "import { run, execSync } from 'saferun'; const r = await run('echo works'); console.log(r.stdout, execSync('exit 3').exitCode);";
    const used = await execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: project });
    expect(used).toMatchObject({ ok: true, stdout: 'works 3' });
  }, 300_000);
});
