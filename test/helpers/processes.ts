import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: parse after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid: Number(pid), state: fields[0]!, ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(readStat)
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** Alive and not a zombie (this VM's init may not reap orphans). */
export function isAlive(pid: number): boolean {
  const stat = readStat(String(pid));
  return stat !== undefined && stat.state !== 'Z' && stat.state !== 'X';
}

/** Living members of a process group. */
export function livingInGroup(pgid: number): number[] {
  return allProcesses()
    .filter((stat) => stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X')
    .map((stat) => stat.pid);
}

/** Zombie children of a process: children nobody reaped. */
export function zombieChildren(ppid: number): number[] {
  return allProcesses()
    .filter((stat) => stat.ppid === ppid && stat.state === 'Z')
    .map((stat) => stat.pid);
}

export function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Polls until `check` is true or `ms` pass; returns the last value of `check`. */
export async function waitUntil(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
}

export function killQuietly(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
