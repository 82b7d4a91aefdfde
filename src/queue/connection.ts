import type { ConnectionOptions } from 'bullmq';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { invalidField } from './invalid-field.js';

/** Redis connection options as BullMQ (ioredis) users know them. */
export interface RedisConnectionOptions {
  /** `redis://[user[:password]@]host[:port][/db]`, or `rediss://` for TLS. Fields given next to it win. */
  url?: string;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 6379 */
  port?: number;
  username?: string;
  password?: string;
  /** @default 0 */
  db?: number;
  /** `true` or Node TLS options, for a TLS Redis. */
  tls?: boolean | TlsOptions;
}

/** A `redis://` URL, options, or any option object BullMQ accepts (passed through as is). */
export type RawConnection = string | RedisConnectionOptions | ConnectionOptions;

function parseRedisUrl(raw: string): RedisConnectionOptions {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidField('connection', 'a redis:// or rediss:// URL', raw);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw invalidField('connection', 'a redis:// or rediss:// URL', raw);
  const parsed: RedisConnectionOptions = {
    host: url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: url.port ? Number(url.port) : 6379,
  };
  if (url.username) parsed.username = decodeURIComponent(url.username);
  if (url.password) parsed.password = decodeURIComponent(url.password);
  const db = url.pathname.replace(/^\//, '');
  if (db !== '') {
    if (!/^\d+$/.test(db)) throw invalidField('connection', 'a URL whose path is a database number', raw);
    parsed.db = Number(db);
  }
  if (url.protocol === 'rediss:') parsed.tls = true;
  return parsed;
}

/** Turns a URL or options into the ioredis options BullMQ takes; each queue and worker opens its own connections from them. */
export function normalizeConnection(raw: RawConnection | undefined): ConnectionOptions {
  if (raw === undefined) return { host: '127.0.0.1', port: 6379 };
  if (typeof raw === 'string') return normalizeConnection(parseRedisUrl(raw));
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers and untrusted data
  if (typeof raw !== 'object' || raw === null)
    throw invalidField('connection', 'a redis:// URL or connection options', raw);
  // An ioredis instance or cluster: BullMQ takes it as is.
  if (typeof (raw as { duplicate?: unknown }).duplicate === 'function') return raw;
  const { url, tls, ...rest } = raw as RedisConnectionOptions & Record<string, unknown>;
  const fromUrl = url === undefined ? {} : parseRedisUrl(url);
  const merged = { ...fromUrl, ...rest } as Record<string, unknown>;
  // Never null: `??` passes over a null `tls`, and the URL gives true or nothing.
  const tlsOption = tls ?? fromUrl.tls;
  if (tlsOption === true) merged.tls = {};
  else if (typeof tlsOption === 'object') merged.tls = tlsOption;
  if (
    merged.port !== undefined &&
    (!Number.isInteger(merged.port) || (merged.port as number) <= 0 || (merged.port as number) > 65_535)
  ) {
    throw invalidField('connection.port', 'an integer from 1 to 65535', merged.port);
  }
  return merged;
}
