import type { StdioOptions } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { RunError } from './types.js';
import type { StdioTargets } from './validate-stdio.js';

const NAMES = ['stdin', 'stdout', 'stderr'] as const;

/** The stdio to spawn with; files are opened here, and closed in the parent once the child has them. */
export interface OpenedStdio {
  stdio: Exclude<StdioOptions, string>;
  close(): void;
}

/** Opens `{ file }` targets (stdin for reading, stdout/stderr truncated or appended); streams become pipes. */
export function openStdio(targets: StdioTargets): OpenedStdio | RunError {
  const opened: number[] = [];
  const close = () => {
    for (const fd of opened.splice(0)) closeSync(fd);
  };
  const stdio: ('pipe' | 'inherit' | 'ignore' | number)[] = [];
  for (const [index, target] of targets.entries()) {
    if (typeof target === 'string') stdio.push(target);
    else if ('fd' in target) stdio.push(target.fd);
    else if ('file' in target) {
      try {
        const fd = openSync(target.file, index === 0 ? 'r' : target.append ? 'a' : 'w');
        opened.push(fd);
        stdio.push(fd);
      } catch (error) {
        close();
        const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
        return { code, message: `Cannot open \`${target.file}\` as the child's ${NAMES[index]} (${code})` };
      }
    } else stdio.push('pipe');
  }
  return { stdio, close };
}
