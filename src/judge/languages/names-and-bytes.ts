import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Each file's name and bytes, in name order: what a build's key and a source dir's name are made of. */
export async function namesAndBytes({
  dir,
  names,
}: {
  dir: string;
  names: readonly string[];
}): Promise<(string | Buffer)[]> {
  const sorted = [...names].sort();
  const contents = await Promise.all(sorted.map((name) => readFile(join(dir, name))));
  return sorted.flatMap((name, index) => [name, contents[index]!]);
}
