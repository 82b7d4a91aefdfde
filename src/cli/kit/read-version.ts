import { readFileSync } from 'node:fs';

/** The package's version, for `--version` and reports; `unknown` when package.json cannot be read. */
export function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}
