import { GroupCommit, type Outcome } from './group-commit';

/** A run whose batches the test finishes by hand. */
function controlled<T>() {
  const batches: { items: T[]; finish: (outcomes?: Outcome<string>[]) => void; fail: (err: unknown) => void }[] = [];
  const run = (items: T[]) =>
    new Promise<Outcome<string>[]>((resolve, reject) => {
      batches.push({
        items,
        finish: (outcomes) => resolve(outcomes ?? items.map((i) => ({ ok: true, value: `done ${String(i)}` }))),
        fail: reject,
      });
    });
  return { batches, run };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('runs an item alone and at once while a slot is free', async () => {
    const { batches, run } = controlled<number>();
    const gc = new GroupCommit(run, 8, 2);
    const a = gc.submit(1);
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    const b = gc.submit(2);
    expect(batches.map((x) => x.items)).toEqual([[1], [2]]);
    batches[0].finish();
    batches[1].finish();
    await expect(a).resolves.toBe('done 1');
    await expect(b).resolves.toBe('done 2');
  });

  it('gathers what arrives while every slot is busy into the next batch, at most maxItems at a time', async () => {
    const { batches, run } = controlled<number>();
    const gc = new GroupCommit(run, 3, 1);
    const results = [1, 2, 3, 4, 5, 6].map((n) => gc.submit(n));
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    batches[0].finish();
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    expect(gc.running).toBe(1);
    batches[1].finish();
    await tick();
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4], [5, 6]]);
    batches[2].finish();
    await expect(Promise.all(results)).resolves.toEqual([1, 2, 3, 4, 5, 6].map((n) => `done ${n}`));
    expect(gc.running).toBe(0);
  });

  it('settles each item with its own outcome: one failed item does not fail the others', async () => {
    const { batches, run } = controlled<string>();
    const gc = new GroupCommit(run, 8, 1);
    const first = gc.submit('first');
    const good = gc.submit('good');
    const bad = gc.submit('bad');
    batches[0].finish();
    await first;
    await tick();
    batches[1].finish([
      { ok: true, value: 'stored good' },
      { ok: false, error: new Error('bad is bad') },
    ]);
    await expect(good).resolves.toBe('stored good');
    await expect(bad).rejects.toThrow('bad is bad');
  });

  it('gives every item of a batch that threw the error, and goes on with the next batch', async () => {
    const { batches, run } = controlled<number>();
    const gc = new GroupCommit(run, 8, 1);
    const a = gc.submit(1);
    const b = gc.submit(2);
    const c = gc.submit(3);
    batches[0].fail(new Error('database went away'));
    await expect(a).rejects.toThrow('database went away');
    await tick();
    batches[1].fail(new Error('still away'));
    await expect(b).rejects.toThrow('still away');
    await expect(c).rejects.toThrow('still away');
    const d = gc.submit(4);
    batches[2].finish();
    await expect(d).resolves.toBe('done 4');
  });

  it('rejects an item that the run left without an outcome, and a run that throws synchronously', async () => {
    const short = new GroupCommit<number, string>(async () => [], 4, 1);
    await expect(short.submit(1)).rejects.toThrow('no outcome');
    const sync = new GroupCommit<number, string>(
      () => {
        throw new Error('thrown before any promise');
      },
      4,
      1,
    );
    await expect(sync.submit(1)).rejects.toThrow('thrown before any promise');
    await expect(sync.submit(2)).rejects.toThrow('thrown before any promise');
  });
});
