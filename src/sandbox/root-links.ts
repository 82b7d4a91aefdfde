import { lstat, readlink } from 'node:fs/promises';

let links: Promise<string[]> | undefined;

/**
 * bwrap arguments for `/bin`, `/sbin` and the `/lib*` dirs: on a merged-/usr system they are
 * symlinks into `/usr` and are recreated as symlinks; real dirs are bound read-only. Computed once.
 */
export function rootLinkArgs(): Promise<string[]> {
  links ??= (async () => {
    const args: string[] = [];
    for (const name of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
      const stat = await lstat(name).catch(() => undefined);
      if (stat?.isSymbolicLink()) args.push('--symlink', await readlink(name), name);
      else if (stat?.isDirectory()) args.push('--ro-bind', name, name);
    }
    return args;
  })();
  return links;
}
