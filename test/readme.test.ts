import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { execFile } from '../src/process/index.js';

// Every ```js block of the README runs as written (```ts blocks are sketches and signatures).
// `import ... from 'saferun'` resolves through the package's own exports (a self-reference).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('README examples', () => {
  it('has runnable examples', () => {
    expect(blocks.length).toBeGreaterThan(2);
  });

  it.each(blocks.map((code, index) => [index + 1, code.split('\n').find((line) => line.trim() !== '') ?? '', code]))(
    'example %i (%s) runs',
    async (_index, _first, code) => {
      const result = await execFile(process.execPath, ['--input-type=module', '-e', code as string], { timeout: 120_000 });
      expect(result.stderr).not.toMatch(/Error/);
      expect(result).toMatchObject({ ok: true });
    },
    180_000,
  );
});
