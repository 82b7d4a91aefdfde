import { lookup } from 'node:dns/promises';
import * as net from 'node:net';
import { getSystemErrorName } from 'node:util';
import { describeValue } from '../../shared/index.js';
import type { BoundAddress, ListenResult } from './types.js';

/** A bound TCP socket as libuv holds it: what `cluster` shares between its workers. */
export interface RawServerHandle {
  getsockname(out: Record<string, unknown>): number;
  close(callback?: () => void): void;
}

type CreateServerHandle = (
  address: string | null,
  port: number,
  addressType: number,
  fd?: number,
  flags?: number,
) => RawServerHandle | number;

// Node's own `cluster` binds the shared socket this way, in the primary, without listening:
// the primary never polls the socket, so it never accepts a connection its workers should get.
const createServerHandle = (net as unknown as { _createServerHandle?: CreateServerHandle })._createServerHandle;

export type SharedListener =
  { ok: true; handle: RawServerHandle; address: BoundAddress } | Extract<ListenResult, { ok: false }>;

function fail(kind: 'bind-error' | 'invalid-options', code: string, message: string): SharedListener {
  return { ok: false, kind, error: { code, message } };
}

async function resolveHost(host: string | undefined): Promise<{ address: string | null; family: number } | string> {
  if (host === undefined) return { address: null, family: 4 };
  if (net.isIP(host) !== 0) return { address: host, family: net.isIP(host) };
  try {
    const found = await lookup(host);
    return { address: found.address, family: found.family };
  } catch (error) {
    return `Cannot resolve \`host\` ${JSON.stringify(host)}: ${(error as Error).message}`;
  }
}

/**
 * Binds (without listening) the socket every worker will accept on. Workers call `listen()` on
 * their copy of it; the kernel spreads connections between the processes waiting in `accept`.
 */
export async function bindSharedListener(port: unknown, host: unknown): Promise<SharedListener> {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    return fail(
      'invalid-options',
      'ERR_INVALID_OPTION',
      `Expected \`port\` to be an integer from 0 to 65535, got ${describeValue(port)}`,
    );
  }
  if (host !== undefined && (typeof host !== 'string' || host === '')) {
    return fail(
      'invalid-options',
      'ERR_INVALID_OPTION',
      `Expected \`host\` to be a non-empty string, got ${describeValue(host)}`,
    );
  }
  if (typeof createServerHandle !== 'function') {
    return fail(
      'bind-error',
      'ERR_UNSUPPORTED',
      'This Node version has no net._createServerHandle: cannot share a port',
    );
  }
  const resolved = await resolveHost(host);
  if (typeof resolved === 'string') return fail('bind-error', 'ENOTFOUND', resolved);
  const handle = createServerHandle(resolved.address, port, resolved.family);
  if (typeof handle === 'number') {
    const code = getSystemErrorName(handle);
    return fail('bind-error', code, `Cannot bind ${resolved.address ?? 'all addresses'} port ${port}: ${code}`);
  }
  const out: Record<string, unknown> = {};
  // libuv defers EADDRINUSE from bind() to the first call that needs the address.
  const failure = handle.getsockname(out);
  if (failure !== 0) {
    handle.close();
    const code = getSystemErrorName(failure);
    return fail('bind-error', code, `Cannot bind ${resolved.address ?? 'all addresses'} port ${port}: ${code}`);
  }
  return {
    ok: true,
    handle,
    address: { address: String(out.address), family: String(out.family), port: Number(out.port) },
  };
}
