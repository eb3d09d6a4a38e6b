// Where the outbox relay's claim starts reading ix_outbox_unpublished. A published row leaves a dead
// entry in that partial index until VACUUM removes it, and while any long transaction is open (a backup,
// a long report) VACUUM cannot, nor can an index scan mark the entries dead. A claim that starts at the
// beginning of the index then walks all of them: 95 ms a claim over 1,000,000 such entries, against
// 0.79 ms from the start id (npm run bench:relay). So the relay starts where the last batch started:
// every id below that was either published or not yet committed when it was read.
//
// The second case is the catch: ids are taken at insert, so a transaction can commit a lower id after a
// higher one was published. Two slower claims pick such rows up:
// - a settle claim (every SETTLE_EVERY_MS) starts at a floor recorded at least `settleMs` ago: it finds any
//   row whose transaction was open for less than `settleMs - SETTLE_EVERY_MS` (ids grow with time, so the
//   first id of a batch claimed before that row was inserted is below the row's id);
// - a full claim (every `rescanMs`) starts at 0: anything at all, however long its transaction ran.
// A row is never lost, only published later: within SETTLE_EVERY_MS of its commit, or of the full claim.

export type ClaimKind = 'fast' | 'settle' | 'full';

export interface ClaimStartOptions {
  /** A transaction open for less than this (minus SETTLE_EVERY_MS) is found by the next settle claim. */
  settleMs: number;
  /** Every so often a claim reads the whole index. */
  rescanMs: number;
}

export const SETTLE_EVERY_MS = 1_000;
const ZERO = '0';

export class ClaimStart {
  /** The first id of each batch that returned rows, newest last; pruned to what a settle claim may need. */
  private floors: { at: number; id: string }[] = [];
  private lastSettle = Number.NEGATIVE_INFINITY;
  private lastFull = Number.NEGATIVE_INFINITY;
  /** A fast claim ran since the last settle claim: a straggler it could not see may be waiting. */
  private fastSinceSettle = false;

  constructor(private readonly opts: ClaimStartOptions) {}

  /** The id the claim at `now` starts from, and which kind of claim it is. */
  next(now: number): { from: string; kind: ClaimKind } {
    if (now - this.lastFull >= this.opts.rescanMs) {
      this.lastFull = now;
      this.lastSettle = now;
      this.fastSinceSettle = false;
      return { from: ZERO, kind: 'full' };
    }
    if (now - this.lastSettle >= SETTLE_EVERY_MS) {
      this.lastSettle = now;
      this.fastSinceSettle = false;
      return { from: this.settledFloor(now), kind: 'settle' };
    }
    this.fastSinceSettle = true;
    return { from: this.floors.at(-1)?.id ?? ZERO, kind: 'fast' };
  }

  /**
   * How long an idle relay may sleep before a settle claim is owed: after a fast claim, the settle claim
   * must come even if no commit wakes the relay (the straggler's own NOTIFY may have come too early).
   */
  settleDueIn(now: number): number {
    return this.fastSinceSettle ? Math.max(0, this.lastSettle + SETTLE_EVERY_MS - now) : Number.POSITIVE_INFINITY;
  }

  /**
   * After a claim that published rows (and committed): `firstId` is the lowest id it claimed. A claim
   * that failed records nothing, so its rows, still unpublished, are above the floor the next claim uses.
   */
  published(now: number, firstId: string): void {
    const last = this.floors.at(-1);
    // A settle or full claim can return rows below the current floor (stragglers): the floor never
    // moves back for those.
    if (last && compareIds(firstId, last.id) < 0) return;
    this.floors.push({ at: now, id: firstId });
    // Keep the newest floor that is at least settleMs old, and everything younger.
    const cutoff = now - this.opts.settleMs;
    let keepFrom = 0;
    for (let i = 0; i < this.floors.length; i++) if (this.floors[i].at <= cutoff) keepFrom = i;
    if (keepFrom > 0) this.floors = this.floors.slice(keepFrom);
  }

  private settledFloor(now: number): string {
    const cutoff = now - this.opts.settleMs;
    let floor = ZERO;
    for (const f of this.floors) {
      if (f.at > cutoff) break;
      floor = f.id;
    }
    return floor;
  }
}

/** Compares two non-negative bigint ids given as decimal text. */
export function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}
