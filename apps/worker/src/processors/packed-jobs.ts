import { DomainError } from '@hotline/core';

export interface PackedOutcome {
  items: number;
  /** Items the domain refused (reported and dropped, as a lone job's would be made unrecoverable). */
  refused: number;
}

/**
 * Runs the items of a packed job (a relay batch as one job: see 'order.route.batch'), `chunk` at a
 * time in one call each. A chunk that fails goes again item by item, so one bad item cannot hold up
 * the others. Any error other than a DomainError fails the whole job and BullMQ retries it; the items
 * done already are skipped then by their own idempotency keys.
 */
export async function runPacked<T>(
  items: readonly T[],
  chunk: number,
  many: (items: T[]) => Promise<unknown>,
  one: (item: T) => Promise<unknown>,
  refused: (item: T, err: DomainError) => void,
): Promise<PackedOutcome> {
  let n = 0;
  for (let i = 0; i < items.length; i += chunk) {
    const part = items.slice(i, i + chunk);
    try {
      await many(part);
      continue;
    } catch {
      // Nothing of the chunk was written (one transaction): each item goes alone.
    }
    for (const item of part) {
      try {
        await one(item);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        refused(item, err);
        n++;
      }
    }
  }
  return { items: items.length, refused: n };
}
