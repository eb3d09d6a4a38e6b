// Time-ordered ids (UUID version 7, RFC 9562) for the rows written at the intake's rate.
//
// A version 4 id is random, so each new work order lands on a random leaf of every index that leads
// with it (the primary key; the events', hops' and processed jobs' indexes on work_order_id): on a
// table of millions of orders that is one cold page read, and after each checkpoint one full-page
// image in the WAL, per index per order. A version 7 id starts with the time in milliseconds, so new
// orders go to the same few hot pages at the end of each index. The rest is random (74 bits), so ids
// stay unguessable and unique across processes; ids of one millisecond are not ordered among
// themselves, and nothing relies on that (lists page by created_at, id).
import { randomUUID } from 'node:crypto';

/** A version 7 UUID for the instant nowMs (milliseconds since 1970), random bits from `random`. */
export function uuidV7(nowMs: number = Date.now(), random: string = randomUUID()): string {
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs >= 2 ** 48) throw new Error(`uuidV7: time out of range: ${nowMs}`);
  const t = nowMs.toString(16).padStart(12, '0');
  // random is a version 4 id 'xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx' (V already the RFC variant):
  // its first 48 bits give way to the time and its version digit to 7.
  return `${t.slice(0, 8)}-${t.slice(8)}-7${random.slice(15)}`;
}

/** The instant a version 7 id was made (its first 48 bits), in milliseconds. */
export function uuidV7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
