import { basename } from 'node:path';
import type { CompileResult, PchBuildEvent } from '../../compile/index.js';
import type { CliIo, Paint } from '../kit/index.js';

const CLEAR_LINE = '\r\x1b[2K';
// What a build took here: g++ 12 about 3.5 s, clang++ 14 about 1.5 s (docs/benchmarks.md).
const ESTIMATE_S: Record<string, number> = { gcc: 4, clang: 2 };

/** "building the precompiled header for g++ 12 -O2, once: ~4 s" */
function describePchBuild(event: PchBuildEvent): string {
  const name = basename(event.compiler);
  const family = /clang/.test(name) ? 'clang' : 'gcc';
  let flags = event.flags.join(' ');
  if (flags.length > 60) flags = `${flags.slice(0, 57)}...`;
  return `building the precompiled header for ${name} ${event.major}${flags ? ` ${flags}` : ''}, once: ~${ESTIMATE_S[family]!} s`;
}

export interface Printer {
  onResult: (result: CompileResult, index: number) => void;
  onPchBuild: (event: PchBuildEvent) => void;
}

/**
 * Prints each file's report in the order of the files, as soon as it and all before it are done.
 * On a terminal a status line stays below them: the precompiled header being built, else `[3/16]
 * compiling...` when there are several files.
 */
export function makePrinter(
  count: number,
  io: CliIo,
  paint: Paint,
  render: (index: number, result: CompileResult) => string,
  tty: boolean,
): Printer {
  const done = new Array<CompileResult | undefined>(count);
  let printed = 0;
  let finished = 0;
  let statusShown = false;
  const building = new Map<string, string>();
  const status = (): string => {
    if (!tty) return '';
    const pch = [...building.values()].at(-1);
    if (pch) return paint('dim', pch);
    return count > 1 && finished < count ? paint('dim', `[${finished}/${count}] compiling...`) : '';
  };
  const write = (text: string): void => {
    const line = status();
    if (!text && !line && !statusShown) return;
    io.stdout(`${statusShown ? CLEAR_LINE : ''}${text}${line}`);
    statusShown = line !== '';
  };
  write('');
  return {
    onResult: (result, index) => {
      done[index] = result;
      finished++;
      let text = '';
      while (printed < count && done[printed]) {
        text += render(printed, done[printed]!);
        printed++;
      }
      write(text);
    },
    onPchBuild: (event) => {
      const key = `${event.compiler}\0${event.flags.join('\0')}`;
      if (event.state === 'building') building.set(key, describePchBuild(event));
      else building.delete(key);
      write('');
    },
  };
}
