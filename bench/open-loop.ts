// Open-loop POSTs for the benchmarks: request i is due at i / rate seconds and sent then (or as soon
// as one of `maxSockets` keep-alive sockets is free), whatever the answers do. Each latency is
// counted from when its request was due, so queueing behind a slow server is in the figures. node:http
// rather than fetch: the load generator shares the cores with the system under test.
import { Agent, request } from 'node:http';

export interface OpenLoopResult {
  /** HTTP status per request, 0 for a connection error or timeout. */
  statuses: number[];
  /** Milliseconds from each request's due time to its answer, in completion order. */
  latencies: number[];
  seconds: number;
}

export async function openLoopPosts(opts: {
  url: URL;
  token: string;
  rate: number;
  total: number;
  maxSockets: number;
  body: () => string;
}): Promise<OpenLoopResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxSockets });
  const post = (body: string): Promise<number> =>
    new Promise((resolve) => {
      const req = request(
        opts.url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${opts.token}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', () => resolve(0));
        },
      );
      req.setTimeout(10_000, () => req.destroy());
      req.on('error', () => resolve(0));
      req.end(body);
    });
  const latencies: number[] = [];
  const sent: Promise<number>[] = [];
  const dueAt = (i: number) => t0 + (i * 1000) / opts.rate;
  const t0 = performance.now();
  while (sent.length < opts.total) {
    // Everything due by now goes out in this turn of the loop; then sleep until the next one is due.
    while (sent.length < opts.total && dueAt(sent.length) <= performance.now()) {
      const due = dueAt(sent.length);
      sent.push(
        post(opts.body()).then((status) => {
          latencies.push(performance.now() - due);
          return status;
        }),
      );
    }
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt(sent.length) - performance.now())));
  }
  const statuses = await Promise.all(sent);
  agent.destroy();
  return { statuses, latencies, seconds: (performance.now() - t0) / 1000 };
}
