import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fork, type IpcChild } from '../../src/ipc/index.js';

const ECHO = fileURLToPath(new URL('../../fixtures/ipc/echo-child.js', import.meta.url));

type Request =
  | { op: 'echo'; value: unknown }
  | { op: 'pid' | 'hang' | 'function' }
  | { op: 'sleep'; ms: number }
  | { op: 'throw'; message: string }
  | { op: 'exit'; code: number }
  | { op: 'huge'; bytes: number }
  | { op: 'log'; text: string };
type ToChild =
  | { type: 'ping'; n: number }
  | { type: 'burst'; count: number }
  | { type: 'leave' }
  | { type: 'server' | 'socket' | 'udp' };
type FromChild = { type: 'pong'; n: number } | { type: 'tick'; n: number } | { type: 'server-ready' | 'udp-ready' };

const started: IpcChild<any, any, any, any, any>[] = [];

function startEcho(options: Parameters<typeof fork>[2] = {}) {
  const child = fork<ToChild, FromChild, Request>(ECHO, [], options);
  started.push(child);
  return child;
}

afterEach(async () => {
  for (const child of started.splice(0)) {
    child.kill('SIGKILL');
    await child;
  }
});

describe('fork: requests', () => {
  it('answers concurrent requests each with its own answer (correlation ids)', async () => {
    const child = startEcho();
    const answers = await Promise.all([30, 0, 20, 10].map((ms) => child.request({ op: 'sleep', ms })));
    expect(answers).toEqual([30, 0, 20, 10].map((ms) => ({ ok: true, kind: 'ok', value: ms })));
    expect(await child.request({ op: 'pid' })).toEqual({ ok: true, kind: 'ok', value: child.pid });
  });

  it('reports a throwing handler as handler-error with its code', async () => {
    const child = startEcho();
    const answer = await child.request({ op: 'throw', message: 'boom' });
    expect(answer).toEqual({ ok: false, kind: 'handler-error', error: { code: 'E_FIXTURE', message: 'boom' } });
  });

  it('times out a request the child never answers, and the channel stays usable', async () => {
    const child = startEcho();
    const answer = await child.request({ op: 'hang' }, { timeout: 100 });
    expect(answer.ok).toBe(false);
    expect(answer.kind).toBe('timeout');
    expect(await child.request({ op: 'echo', value: 'still here' })).toMatchObject({ ok: true, value: 'still here' });
  });

  it('refuses a bad request timeout', async () => {
    const child = startEcho();
    const answer = await child.request({ op: 'pid' }, { timeout: -5 });
    expect(answer).toMatchObject({ ok: false, kind: 'invalid-options' });
    expect(!answer.ok && answer.error.message).toContain(
      'Expected `timeout` to be a positive integer, got `-5` (number)',
    );
  });

  it('resolves every pending request with an error when the child exits mid-request', async () => {
    const child = startEcho();
    const pending = [child.request({ op: 'hang' }), child.request({ op: 'hang' })];
    const exiting = child.request({ op: 'exit', code: 3 });
    const answers = await Promise.all([...pending, exiting]);
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, kind: 'disconnected' });
    const result = await child;
    expect(result).toMatchObject({ ok: false, kind: 'exit', exitCode: 3 });
  });

  it('resolves pending requests when the child is SIGKILLed', async () => {
    const child = startEcho();
    expect((await child.request({ op: 'pid' })).ok).toBe(true); // ready
    const pending = child.request({ op: 'hang' });
    process.kill(child.pid!, 'SIGKILL');
    const answer = await pending;
    expect(answer).toMatchObject({ ok: false, kind: 'disconnected' });
    expect((await child).kind).toBe('signal');
  });
});

describe('fork: messages', () => {
  it('sends a typed message and waits for the typed reply with once(type)', async () => {
    const child = startEcho();
    const pong = child.once('pong');
    expect(await child.send({ type: 'ping', n: 7 })).toEqual({ ok: true, kind: 'sent' });
    expect(await pong).toEqual({ type: 'pong', n: 7 });
  });

  it('iterates messages in order with messages(), ending when the child disconnects', async () => {
    const child = startEcho();
    const received: number[] = [];
    const iterator = child.messages();
    await child.send({ type: 'burst', count: 50 });
    await child.send({ type: 'leave' });
    for await (const message of iterator) if (message.type === 'tick') received.push(message.n);
    expect(received).toEqual(Array.from({ length: 50 }, (_, n) => n));
    const result = await child;
    expect(result).toMatchObject({ ok: true, kind: 'ok', exitCode: 0 });
  });

  it('makes disconnect and exit observable, and the Result says how it ended', async () => {
    const child = startEcho();
    const seen: string[] = [];
    child.on('disconnect', () => seen.push('disconnect'));
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => resolve(code));
    });
    const closed = new Promise<number | null>((resolve) => {
      child.on('close', (code) => resolve(code));
    });
    expect((await child.request({ op: 'pid' })).ok).toBe(true);
    // The child closes the channel (Node emits 'close' only then, not after the parent's disconnect()).
    await child.send({ type: 'leave' });
    expect(await exited).toBe(0);
    expect(await closed).toBe(0);
    expect(await child).toMatchObject({ ok: true, kind: 'ok' });
    expect(seen).toEqual(['disconnect']);
  });

  it('keeps the core behaviour: a timeout kills the child and is reported as timeout', async () => {
    const child = startEcho({ timeout: 200 });
    const pending = child.request({ op: 'hang' });
    const result = await child;
    expect(result).toMatchObject({ ok: false, kind: 'timeout', timedOut: true });
    expect(await pending).toMatchObject({ ok: false, kind: 'disconnected' });
  });

  it('captures stdout and stderr like spawn', async () => {
    const child = startEcho();
    expect(await child.request({ op: 'log', text: 'hello' })).toMatchObject({ ok: true });
    child.disconnect();
    expect(await child).toMatchObject({ ok: true, stdout: 'hello', stderr: 'err hello' });
  });

  it('carries Map, BigInt and Date with advanced serialization', async () => {
    const child = startEcho({ serialization: 'advanced' });
    const value = new Map<string, unknown>([
      ['big', 2n ** 70n],
      ['when', new Date(0)],
    ]);
    expect(await child.request({ op: 'echo', value })).toEqual({ ok: true, kind: 'ok', value });
  });
});

describe('fork: sends that cannot succeed', () => {
  it('returns channel-closed when sending after the child exited', async () => {
    const child = startEcho();
    await child.request({ op: 'exit', code: 0 });
    await child;
    expect(await child.send({ type: 'ping', n: 1 })).toMatchObject({
      ok: false,
      kind: 'channel-closed',
      error: { code: 'ERR_IPC_CHANNEL_CLOSED' },
    });
    expect(await child.request({ op: 'pid' })).toMatchObject({ ok: false, kind: 'channel-closed' });
  });

  it('returns not-serializable for a cycle, a BigInt in JSON, a function, and the child lives on', async () => {
    const child = startEcho();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [cycle, { n: 1n }, () => 1]) {
      const sent = await child.send(value as never);
      expect(sent).toMatchObject({ ok: false, kind: 'not-serializable', error: { code: 'ERR_IPC_NOT_SERIALIZABLE' } });
    }
    expect(await child.request({ op: 'echo', value: cycle })).toMatchObject({ ok: false, kind: 'not-serializable' });
    expect(await child.request({ op: 'pid' })).toEqual({ ok: true, kind: 'ok', value: child.pid });
  });

  it('returns not-serializable for a function with advanced serialization', async () => {
    const child = startEcho({ serialization: 'advanced' });
    expect(await child.send({ f: () => 1 } as never)).toMatchObject({ ok: false, kind: 'not-serializable' });
    // The child's answer cannot be serialized either: the requester still gets an answer.
    expect(await child.request({ op: 'function' })).toMatchObject({
      ok: false,
      kind: 'handler-error',
      error: { code: 'ERR_IPC_NOT_SERIALIZABLE' },
    });
  });

  it('refuses a message of several MB as too-large, in both directions', async () => {
    const child = startEcho();
    const huge = 'x'.repeat(6 * 1024 * 1024);
    expect(await child.send({ type: 'ping', n: 1, huge } as never)).toMatchObject({
      ok: false,
      kind: 'too-large',
      error: { code: 'ERR_IPC_TOO_LARGE' },
    });
    expect(await child.request({ op: 'huge', bytes: 6 * 1024 * 1024 })).toMatchObject({
      ok: false,
      kind: 'handler-error',
      error: { code: 'ERR_IPC_TOO_LARGE' },
    });
    expect((await child.request({ op: 'echo', value: 'x'.repeat(1000) })).ok).toBe(true);
  });

  it('sends a large message when maxMessageBytes allows it', async () => {
    const child = startEcho({ maxMessageBytes: 8 * 1024 * 1024 });
    const value = 'y'.repeat(3 * 1024 * 1024);
    expect(await child.request({ op: 'echo', value })).toEqual({ ok: true, kind: 'ok', value });
  });

  it('reports invalid options as an invalid-options Result', async () => {
    const child = fork(ECHO, [], { maxMessageBytes: -1 });
    expect(await child).toMatchObject({ ok: false, kind: 'invalid-options', error: { code: 'ERR_INVALID_OPTION' } });
    expect(await child.send('hi')).toMatchObject({ ok: false, kind: 'channel-closed' });
  });

  it('reports a missing execPath as spawn-error and closes the channel', async () => {
    const child = fork(ECHO, [], { execPath: '/nonexistent/node' });
    const errored = new Promise<string | undefined>((resolve) => {
      child.on('error', (error) => resolve((error as NodeJS.ErrnoException).code));
    });
    expect(await errored).toBe('ENOENT');
    expect(await child).toMatchObject({ ok: false, kind: 'spawn-error', error: { code: 'ENOENT' } });
    expect(await child.request('x')).toMatchObject({ ok: false });
  });
});

describe('fork: handle passing', () => {
  it('passes a listening net.Server: the child answers its connections', async () => {
    const child = startEcho();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const ready = child.once('server-ready');
    expect(await child.send({ type: 'server' }, server)).toEqual({ ok: true, kind: 'sent' });
    await ready;
    const port = (server.address() as net.AddressInfo).port;
    server.close(); // the child holds its own copy of the socket
    const text = await readAll(net.connect(port, '127.0.0.1'));
    expect(text).toBe(`child ${child.pid}\n`);
  });

  it('passes an accepted net.Socket: the child writes to it', async () => {
    const child = startEcho();
    const server = net.createServer((socket) => void child.send({ type: 'socket' }, socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const text = await readAll(net.connect((server.address() as net.AddressInfo).port, '127.0.0.1'));
    server.close();
    expect(text).toBe(`socket served by ${child.pid}\n`);
  });

  it('passes a bound dgram.Socket', async () => {
    const child = startEcho();
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const ready = child.once('udp-ready');
    expect(await child.send({ type: 'udp' }, udp)).toEqual({ ok: true, kind: 'sent' });
    await ready;
    const { port } = udp.address();
    udp.close();
    const client = dgram.createSocket('udp4');
    const reply = new Promise<string>((resolve) => client.once('message', (data) => resolve(String(data))));
    client.send('hello', port, '127.0.0.1');
    expect(await reply).toBe(`udp ${child.pid} hello`);
    client.close();
  });

  it('refuses what is not a handle, and a server that is not listening', async () => {
    const child = startEcho();
    expect(await child.send({ type: 'server' }, {} as never)).toMatchObject({ ok: false, kind: 'invalid-handle' });
    expect(await child.send({ type: 'server' }, net.createServer())).toMatchObject({
      ok: false,
      kind: 'invalid-handle',
    });
  });
});

function readAll(socket: net.Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}
