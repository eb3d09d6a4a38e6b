import type { Clock } from '@hotline/core';

/** A clock tests set and advance: inject it as CLOCK (bootTestApp/bootTestWorker `clock` option). */
export class FixedClock implements Clock {
  private current: Date;

  constructor(start: Date = new Date()) {
    this.current = new Date(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(d: Date): void {
    this.current = new Date(d);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
