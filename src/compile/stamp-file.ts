import { stat } from 'node:fs/promises';

/**
 * A file as a cache key sees it without reading it: its path, size and modification time, or the
 * path and `-` when it is not a file (so that creating it later changes the key too).
 */
export async function stampFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? `${path} ${info.size} ${info.mtimeMs}` : `${path} -`;
}
