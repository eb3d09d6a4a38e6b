// Preloaded into a process under benchmark (node -r ./bench/pause-log.cjs) to find where its pauses
// come from: every garbage collection (kind, start, duration) and every event-loop stall longer
// than PAUSE_LOG_STALL_MS (a 5 ms timer that fired late), as lines in PAUSE_LOG_DIR/<pid>.log:
//   gc <wall ms> <duration ms> <minor|major|incremental|weakcb>
//   stall <wall ms when it began> <ms late>
// Wall times are epoch milliseconds (performance.timeOrigin + the entry's start), comparable across
// processes. Written once a second and at exit; costs about 200 timer wake-ups a second.
'use strict';
const { PerformanceObserver, performance, constants } = require('node:perf_hooks');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.PAUSE_LOG_DIR || '/tmp';
const file = path.join(dir, `${process.pid}.log`);
const stallMs = Number(process.env.PAUSE_LOG_STALL_MS || 15);
const kinds = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
let lines = [];
const flush = () => {
  if (lines.length) fs.appendFileSync(file, lines.join('\n') + '\n');
  lines = [];
};

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    lines.push(`gc ${(performance.timeOrigin + e.startTime).toFixed(1)} ${e.duration.toFixed(2)} ${kinds[e.detail?.kind] ?? e.detail?.kind}`);
  }
}).observe({ entryTypes: ['gc'] });

const TICK = 5;
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  const late = now - last - TICK;
  if (late > stallMs) lines.push(`stall ${(performance.timeOrigin + last + TICK).toFixed(1)} ${late.toFixed(1)}`);
  last = now;
}, TICK).unref();
setInterval(flush, 1000).unref();
process.on('exit', flush);
