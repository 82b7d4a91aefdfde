// Test harness: a private redis-server on a free loopback port, and judge-worker processes.
import { EventEmitter } from 'node:events';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile, spawn, type Subprocess } from '../../src/process/index.js';
import type { TestCertificates } from './tls-certs.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child whose stdout lines are kept, with a way to wait for one. */
export class Watched {
  readonly lines: string[] = [];
  private waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  readonly proc: Subprocess;
  constructor(file: string, args: string[], env: Record<string, string> = {}) {
    this.proc = spawn(file, args, {
      env,
      onStdout: (line) => this.push(line),
      onStderr: (line) => this.push(`[stderr] ${line}`),
      forceKillAfter: 5000,
    });
  }
  private push(line: string): void {
    this.lines.push(line);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.pattern.test(line)) return true;
      waiter.resolve(line);
      return false;
    });
  }
  /** Resolves with the first line (past or future) matching the pattern; rejects if the child ends first. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const seen = this.lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${pattern}; output:\n${this.lines.join('\n')}`)),
        timeoutMs,
      );
      this.waiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void Promise.resolve(this.proc).then((result) => {
        clearTimeout(timer);
        reject(
          new Error(
            `${this.proc.command} ended (${result.kind} ${result.exitCode ?? result.signal}) before ${pattern}; output:\n${this.lines.join('\n')}`,
          ),
        );
      });
    });
  }
}

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  /** Stops it (SIGTERM: AOF flushed) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and dir. */
  start(): Promise<void>;
  /** Stops it and removes its dir. */
  dispose(): Promise<void>;
}

/**
 * A private redis-server: loopback, free port, temp dir; AOF on, so a restart keeps the jobs.
 * With `tls`, it listens only for TLS on that port and wants a client certificate signed by the CA.
 */
export async function startRedis(extraArgs: string[] = [], tls?: TestCertificates): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'saferun-redis-'));
  let current: Watched | undefined;
  const listen =
    tls === undefined
      ? ['--port', String(port)]
      : [
          '--port',
          '0',
          '--tls-port',
          String(port),
          '--tls-cert-file',
          tls.serverCert,
          '--tls-key-file',
          tls.serverKey,
          '--tls-ca-cert-file',
          tls.ca,
          '--tls-auth-clients',
          'yes',
        ];
  const args = [
    ...listen,
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--maxmemory-policy',
    'noeviction',
    ...extraArgs,
  ];
  const server: RedisServer = {
    port,
    dir,
    url: `${tls === undefined ? 'redis' : 'rediss'}://127.0.0.1:${port}`,
    async start() {
      current = new Watched('redis-server', args);
      await current.waitFor(/Ready to accept connections/);
    },
    async stop() {
      if (current === undefined) return;
      current.proc.kill('SIGTERM');
      await current.proc;
      current = undefined;
    },
    async dispose() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The worker processes run dist/: build it when src/ is newer (`npm test` has built it already). The
 * marker must be a file the build writes: a missing one rebuilt dist/ in place on every run, under
 * the feet of the test files running from it at the same time.
 */
export async function ensureBuilt(): Promise<void> {
  const marker = join(ROOT, 'dist/cli/judge-worker/main.js');
  if (existsSync(marker) && statSync(marker).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  const result = await execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, timeout: 120_000 });
  if (!result.ok) throw new Error(`build failed: ${result.stdout}\n${result.stderr}`);
}

/** A judge-worker process on the given Redis; resolves once it says it is ready. */
export async function startWorkerProcess(
  url: string,
  extraArgs: string[],
  env: Record<string, string> = {},
): Promise<Watched> {
  const worker = new Watched(process.execPath, [join(ROOT, 'bin/judge-worker.js'), '--redis', url, ...extraArgs], env);
  await worker.waitFor(/judge-worker: ready/);
  return worker;
}

/** judge-worker's io for an in-process main(): what it prints, and an emitter to send it signals. */
export function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  return {
    out,
    err,
    signals,
    io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), env: {}, signals },
  };
}

/** A TCP server on loopback that accepts connections and never answers, like a Redis behind a black hole. */
export async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket.on('close', () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
