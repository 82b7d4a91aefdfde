import { rename, rm, writeFile } from 'node:fs/promises';
import { UsageError } from '../kit/index.js';

/** Writes a report (`--junit`, `--sarif`) through a scratch file renamed into place; a UsageError says why it could not. */
export async function writeReport(target: string, text: string, option: string, what: string): Promise<void> {
  const scratch = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(scratch, text);
    await rename(scratch, target);
  } catch (error) {
    await rm(scratch, { force: true }).catch(() => undefined);
    throw new UsageError(
      `cannot write the ${what} ${target}: ${(error as Error).message}`,
      `Check that the directory of --${option} exists and is writable.`,
    );
  }
}
