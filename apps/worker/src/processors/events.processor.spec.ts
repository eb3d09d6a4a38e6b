import type { Job } from 'bullmq';
import type { JobPayloads } from '@hotline/contracts';
import { type EventReaction, InvalidInput } from '@hotline/core';
import { EventsProcessor } from './events.processor';

type Changed = JobPayloads['work-order.changed'];

const job = (eventId: string, attemptsMade = 0) =>
  ({ name: 'work-order.changed', data: { eventId, workOrderId: `wo-${eventId}`, type: 'dispatched' }, attemptsMade }) as unknown as Job<
    Changed,
    unknown,
    'work-order.changed'
  >;

class Recorder implements EventReaction {
  readonly consumer = 'recorder';
  batches: string[][] = [];
  singles: string[] = [];
  failBatches = false;
  async react(e: Changed): Promise<string> {
    this.singles.push(e.eventId);
    return e.eventId;
  }
  async reactAll(events: readonly Changed[]): Promise<void> {
    if (this.failBatches) throw new Error('batch failed');
    this.batches.push(events.map((e) => e.eventId));
  }
}

describe('EventsProcessor', () => {
  it('hands the jobs that arrive together to reactAll as one batch', async () => {
    const r = new Recorder();
    const p = new EventsProcessor([r]);
    const results = await Promise.all(['1', '2', '3'].map((id) => p.process(job(id))));
    expect(r.batches).toEqual([['1', '2', '3']]);
    expect(r.singles).toEqual([]);
    expect(results).toEqual([{ batched: true }, { batched: true }, { batched: true }]);
  });

  it('retries each job of a failed batch on its own, so one bad event holds up no other', async () => {
    const r = new Recorder();
    r.failBatches = true;
    const p = new EventsProcessor([r]);
    const results = await Promise.all(['1', '2'].map((id) => p.process(job(id))));
    expect(r.singles.sort()).toEqual(['1', '2']);
    expect(results).toEqual([{ recorder: '1' }, { recorder: '2' }]);
  });

  it('processes a retried job alone, and a domain error is not retried again', async () => {
    const bad: EventReaction = {
      consumer: 'bad',
      react: async () => {
        throw new InvalidInput('the event names no order');
      },
    };
    const p = new EventsProcessor([bad]);
    await expect(p.process(job('9', 1))).rejects.toMatchObject({ name: 'UnrecoverableError' });
  });

  describe('a packed job (a relay batch of events as one job)', () => {
    const packed = (ids: string[]) =>
      ({
        name: 'work-order.changed.batch',
        data: { items: ids.map((eventId) => ({ eventId, workOrderId: `wo-${eventId}`, type: 'dispatched' })) },
        attemptsMade: 0,
      }) as unknown as Job<never, unknown, never>;

    it('folds its events in one reactAll call per 64', async () => {
      const r = new Recorder();
      const p = new EventsProcessor([r]);
      const ids = Array.from({ length: 70 }, (_, i) => String(i + 1));
      await expect(p.process(packed(ids))).resolves.toEqual({ items: 70, refused: 0 });
      expect(r.batches.map((b) => b.length)).toEqual([64, 6]);
      expect(r.batches.flat()).toEqual(ids);
    });

    it('goes item by item when a chunk fails; an event the domain refuses is dropped, the others are folded', async () => {
      const seen: string[] = [];
      const picky: EventReaction = {
        consumer: 'picky',
        react: async (e) => {
          if (e.eventId === '2') throw new InvalidInput('the event names no order');
          seen.push(e.eventId);
        },
        reactAll: async () => {
          throw new Error('batch failed');
        },
      };
      const p = new EventsProcessor([picky]);
      await expect(p.process(packed(['1', '2', '3']))).resolves.toEqual({ items: 3, refused: 1 });
      expect(seen).toEqual(['1', '3']);
    });

    it('fails as a whole (for BullMQ to retry) when an item fails for another reason', async () => {
      const flaky: EventReaction = {
        consumer: 'flaky',
        react: async () => {
          throw new Error('connection terminated');
        },
        reactAll: async () => {
          throw new Error('connection terminated');
        },
      };
      const p = new EventsProcessor([flaky]);
      await expect(p.process(packed(['1', '2']))).rejects.toThrow('connection terminated');
    });
  });
});
