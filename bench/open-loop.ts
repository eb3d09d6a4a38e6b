// Open-loop requests for the benchmarks: request i is due at i / rate seconds and sent then (or as
// soon as one of `maxSockets` keep-alive connections is free), whatever the answers do. Each latency
// is counted from when its request was due, so queueing behind a slow server is in the figures.
//
// A minimal HTTP/1.1 client on raw sockets (one request at a time per connection, the answer framed
// by its Content-Length or chunked encoding): the load generator shares the cores with the system
// under test, and node:http's client cost about 0.3 ms of CPU per request here, three times
// autocannon's. Only for our own api on loopback.
import { type Socket, connect } from 'node:net';

export interface OpenLoopResult {
  /** HTTP status per request, 0 for a connection error or timeout. */
  statuses: number[];
  /** Milliseconds from each request's due time to its answer, in completion order. */
  latencies: number[];
  /** Each latency's due time as epoch milliseconds (same order), to line answers up with other processes' logs. */
  dueWallMs: number[];
  seconds: number;
}

interface Opts {
  url: URL;
  token: string;
  rate: number;
  total: number;
  maxSockets: number;
}

export async function openLoopPosts(opts: Opts & { body: () => string }): Promise<OpenLoopResult> {
  return openLoop(opts);
}

/** The same open loop for GETs (the list queries at a fixed rate). */
export async function openLoopGets(opts: Opts): Promise<OpenLoopResult> {
  return openLoop(opts);
}

const TIMEOUT_MS = 10_000;
const HEAD_END = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** One keep-alive connection carrying one request at a time. */
class Connection {
  private socket?: Socket;
  private buf: Buffer = Buffer.alloc(0);
  private done?: (status: number) => void;
  private timer?: NodeJS.Timeout;

  constructor(private readonly url: URL) {}

  send(request: Buffer): Promise<number> {
    return new Promise((resolve) => {
      this.done = resolve;
      this.buf = Buffer.alloc(0);
      this.timer = setTimeout(() => this.fail(), TIMEOUT_MS);
      if (!this.socket || this.socket.destroyed) this.open();
      this.socket!.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
  }

  private open(): void {
    const s = connect({ host: this.url.hostname, port: Number(this.url.port || 80), noDelay: true });
    // A replaced socket's late events must not touch its successor's request.
    s.on('data', (chunk: Buffer) => this.socket === s && this.onData(chunk));
    s.on('error', () => this.socket === s && this.fail());
    s.on('close', () => this.socket === s && this.fail());
    this.socket = s;
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const headEnd = this.buf.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.buf.subarray(0, headEnd).toString('latin1');
    const body = this.buf.length - headEnd - 4;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    const complete = length ? body >= Number(length[1]) : /\r\ntransfer-encoding:\s*chunked/i.test(head) && this.buf.subarray(-5).equals(CHUNKED_END);
    if (!complete) return;
    const status = Number(head.slice(9, 12)) || 0;
    if (/\r\nconnection:\s*close/i.test(head)) this.socket?.destroy();
    this.finish(status);
  }

  private fail(): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.finish(0);
  }

  private finish(status: number): void {
    clearTimeout(this.timer);
    const done = this.done;
    this.done = undefined;
    done?.(status);
  }
}

async function openLoop(opts: Opts & { body?: () => string }): Promise<OpenLoopResult> {
  const path = `${opts.url.pathname}${opts.url.search}`;
  const head = `${opts.body ? 'POST' : 'GET'} ${path} HTTP/1.1\r\nHost: ${opts.url.host}\r\nAuthorization: Bearer ${opts.token}\r\n`;
  const requestOf = (body: string | undefined): Buffer =>
    body === undefined
      ? Buffer.from(`${head}\r\n`, 'latin1')
      : Buffer.concat([
          Buffer.from(`${head}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`, 'latin1'),
          Buffer.from(body),
        ]);

  const idle: Connection[] = [];
  const all: Connection[] = [];
  const queued: { request: Buffer; resolve: (status: number) => void }[] = [];
  const run = (c: Connection, request: Buffer, resolve: (status: number) => void) => {
    void c.send(request).then((status) => {
      resolve(status);
      const next = queued.shift();
      if (next) run(c, next.request, next.resolve);
      else idle.push(c);
    });
  };
  const send = (request: Buffer): Promise<number> =>
    new Promise((resolve) => {
      let c = idle.pop();
      if (!c && all.length < opts.maxSockets) all.push((c = new Connection(opts.url)));
      if (c) run(c, request, resolve);
      else queued.push({ request, resolve });
    });

  const latencies: number[] = [];
  const dueWallMs: number[] = [];
  const sent: Promise<number>[] = [];
  const dueAt = (i: number) => t0 + (i * 1000) / opts.rate;
  const t0 = performance.now();
  while (sent.length < opts.total) {
    // Everything due by now goes out in this turn of the loop; then sleep until the next one is due.
    while (sent.length < opts.total && dueAt(sent.length) <= performance.now()) {
      const due = dueAt(sent.length);
      sent.push(
        send(requestOf(opts.body?.())).then((status) => {
          latencies.push(performance.now() - due);
          dueWallMs.push(performance.timeOrigin + due);
          return status;
        }),
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt(sent.length) - performance.now())));
  }
  const statuses = await Promise.all(sent);
  for (const c of all) c.close();
  return { statuses, latencies, dueWallMs, seconds: (performance.now() - t0) / 1000 };
}
