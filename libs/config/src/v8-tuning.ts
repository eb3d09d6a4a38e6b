import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for the api and the worker, applied at the start of each process's bootstrap.
 *
 * `--no-allocation-site-pretenuring`: V8 watches where objects are allocated and, when most of a
 * site's objects survive a scavenge, allocates that site's objects straight into the old generation.
 * pg's result objects (a query's fields, rows and strings) live for a millisecond, yet one unlucky
 * scavenge can tip their sites into that mode; the old-space rows then keep every younger object they
 * point to alive through the next scavenges, and the state feeds itself. From then on about 1.5–3 MB
 * of dead rows are copied and promoted at each scavenge: pauses of 5–7 ms instead of about 1 ms,
 * every 30–40 ms under load. It happens with rows of 16 columns or more (the work-order list reads
 * 26), with a bare pg Client as much as in the api, and not at all with the flag. A request/response
 * process has few objects worth pretenuring; the module graph loaded before bootstrap has already
 * been through V8's own decisions. Figures: bench/README.md, "pg rows and V8's pretenuring".
 */
export const V8_FLAGS = ['--no-allocation-site-pretenuring'] as const;

export function applyV8Tuning(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
