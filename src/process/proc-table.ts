import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** One process as /proc shows it. */
export interface ProcEntry {
  pid: number;
  ppid: number;
  pgrp: number;
  /** `Z` (zombie) and `X` (dead) count as gone. */
  state: string;
}

let procAvailable: boolean | undefined;

/** Linux (and WSL) have /proc; macOS and the BSDs do not. */
export function hasProcTable(): boolean {
  procAvailable ??= existsSync('/proc/self/stat');
  return procAvailable;
}

/** Parses `/proc/PID/stat`; the command name may hold spaces and parentheses, so read after the last ')'. */
function parseStat(pid: number, text: string): ProcEntry {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]) };
}

export function readProcEntry(pid: number): ProcEntry | undefined {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone, or never was
  }
}

/** Every process that is alive now (zombies left out). */
export function listLiveProcesses(): ProcEntry[] {
  const entries: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const entry = readProcEntry(pid);
    if (entry && entry.state !== 'Z' && entry.state !== 'X') entries.push(entry);
  }
  return entries;
}

/** The value of one variable in a process's environment as it was at exec, or undefined (unset, not ours, gone). */
export function readEnvVariable(pid: number, name: string): string | undefined {
  let environ: Buffer;
  try {
    environ = readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined;
  }
  const key = Buffer.from(`${name}=`);
  let at = environ.indexOf(key);
  // Only at the start of an entry: `XSAFERUN_TREE=` is another variable.
  while (at > 0 && environ[at - 1] !== 0) at = environ.indexOf(key, at + 1);
  if (at < 0) return undefined;
  const end = environ.indexOf(0, at);
  return environ.toString('utf8', at + key.length, end < 0 ? environ.length : end);
}

/** Our own process group, and whether it is the foreground group of a controlling terminal. */
export function ownTerminalState(): { pgrp: number; foreground: boolean } {
  try {
    const text = readFileSync('/proc/self/stat', 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields: state ppid pgrp session tty_nr tpgid ...
    const pgrp = Number(fields[2]);
    const ttyNr = Number(fields[4]);
    const tpgid = Number(fields[5]);
    return { pgrp, foreground: ttyNr !== 0 && tpgid === pgrp };
  } catch {
    return { pgrp: -1, foreground: false };
  }
}
