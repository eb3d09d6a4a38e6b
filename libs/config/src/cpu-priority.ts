import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers this process's CPU priority to `nice` (0..19; never raises it). The worker calls it at boot
 * with WORKER_NICE: on a machine it shares with the api and PostgreSQL, the worker's routing, relay
 * and sweeps then take the CPU when intake leaves it, instead of preempting the api's one thread
 * while an agent waits for the order's code. On a host of its own it changes nothing. Figures:
 * bench/README.md, "The worker at a lower CPU priority".
 *
 * Linux keeps a nice value per thread, and setpriority(PRIO_PROCESS, 0) sets only the caller's, so
 * every thread already running (V8's platform threads) is set through /proc/self/task; threads
 * started later inherit the value from the thread that starts them. Elsewhere the call is
 * process-wide. Returns how many threads were set.
 */
export function lowerCpuPriority(nice: number): number {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new RangeError(`nice must be an integer in 0..19, got ${String(nice)}`);
  if (nice === 0) return 0;
  let tids: number[];
  try {
    tids = readdirSync('/proc/self/task').map(Number);
  } catch {
    tids = [0];
  }
  let set = 0;
  for (const tid of tids) {
    try {
      if (getPriority(tid) >= nice) continue; // already as low or lower: raising it back needs privilege
      setPriority(tid, nice);
      set++;
    } catch {
      // The thread ended between the listing and the call.
    }
  }
  return set;
}
