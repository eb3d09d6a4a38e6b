import { MicroBatch } from './micro-batch';

describe('MicroBatch', () => {
  afterEach(() => jest.useRealTimers());

  it('runs a full batch at once and the rest after the wait', async () => {
    jest.useFakeTimers();
    const runs: number[][] = [];
    const mb = new MicroBatch<number>(async (items) => void runs.push(items), 3, 10);
    const done = [1, 2, 3, 4].map((n) => mb.submit(n));
    expect(runs).toEqual([[1, 2, 3]]);
    jest.advanceTimersByTime(9);
    expect(runs).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(runs).toEqual([[1, 2, 3], [4]]);
    await Promise.all(done);
  });

  it('settles every item of a failed batch with its error, and the next batch runs on its own', async () => {
    jest.useFakeTimers();
    let fail = true;
    const mb = new MicroBatch<string>(
      async () => {
        if (fail) throw new Error('database went away');
      },
      2,
      5,
    );
    const a = mb.submit('a');
    const b = mb.submit('b');
    await expect(a).rejects.toThrow('database went away');
    await expect(b).rejects.toThrow('database went away');
    fail = false;
    const c = mb.submit('c');
    jest.advanceTimersByTime(5);
    await expect(c).resolves.toBeUndefined();
  });

  it("hands each item its own result from the batch's results", async () => {
    jest.useFakeTimers();
    const mb = new MicroBatch<number, string>(async (items) => items.map((n) => `#${n * 10}`), 3, 10);
    const results = [1, 2, 3].map((n) => mb.submit(n));
    await expect(Promise.all(results)).resolves.toEqual(['#10', '#20', '#30']);
  });
});
