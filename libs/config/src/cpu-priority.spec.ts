// The worker's lowered CPU priority must reach every thread of the process, not only the caller's
// (Linux keeps one nice value per thread). Checked in a child process, so the test runner keeps its own.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { lowerCpuPriority } from './cpu-priority';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs lowerCpuPriority(nice) in a fresh node process; returns the nice value of each of its threads afterwards. */
function nicesAfter(nice: number): { set: number; nices: number[] } {
  const script = `
    const { readdirSync } = require('node:fs');
    const { getPriority } = require('node:os');
    const { Worker } = require('node:worker_threads');
    const { lowerCpuPriority } = require('./libs/config/src/cpu-priority');
    const set = lowerCpuPriority(${nice});
    // A thread started afterwards inherits the value.
    const w = new Worker('setTimeout(() => {}, 300)', { eval: true });
    w.on('online', () => {
      const nices = readdirSync('/proc/self/task').map((t) => getPriority(Number(t)));
      console.log(JSON.stringify({ set, nices }));
      w.terminate();
    });`;
  const out = execFileSync(process.execPath, ['-r', './scripts/register.js', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { set: number; nices: number[] };
}

describe('lowerCpuPriority', () => {
  const linux = process.platform === 'linux' ? it : it.skip;

  linux('sets every thread of the process, and the threads started later inherit it', () => {
    const { set, nices } = nicesAfter(10);
    expect(set).toBeGreaterThan(1); // the main thread and V8's platform threads
    expect(nices.length).toBeGreaterThan(set);
    expect(nices.every((n) => n === 10)).toBe(true);
  });

  linux('leaves the process alone at 0', () => {
    const { set, nices } = nicesAfter(0);
    expect(set).toBe(0);
    expect(nices.every((n) => n === 0)).toBe(true);
  });

  it('rejects a value outside 0..19 (raising priority needs privilege, and is not the point)', () => {
    expect(() => lowerCpuPriority(-1)).toThrow(RangeError);
    expect(() => lowerCpuPriority(20)).toThrow(RangeError);
    expect(() => lowerCpuPriority(2.5)).toThrow(RangeError);
  });
});
