// The npm registry reachable from this workplace has no builds for other platforms, so `npm install`
// leaves their optional binaries (@swc/core-darwin-arm64 …) out of package-lock.json and `npm ci`
// then refuses the lock. This adds those entries with their os/cpu, exactly as npm writes them
// elsewhere: npm skips them on a platform they do not match, and fetches them where they do.
// Run it after `npm install` changes the lock: node scripts/lock-foreign-optionals.js
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;

const OS = ['android', 'darwin', 'freebsd', 'linux', 'win32', 'openbsd', 'sunos', 'aix', 'netbsd'];
const CPU = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', ppc64: 'ppc64', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', wasm32: 'wasm32' };

function platformOf(name) {
  const leaf = name.split('/').pop();
  const parts = leaf.split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => (p === 'eabi' || p === 'gnueabihf' ? null : p)).find((p) => p && CPU[p.replace('eabihf', '')]);
  const out = {};
  if (os) out.os = [os];
  if (cpu) out.cpu = [CPU[cpu]];
  if (/-(gnu|gnueabihf)$/.test(leaf)) out.libc = ['glibc'];
  if (/-musl$/.test(leaf)) out.libc = ['musl'];
  if (/wasm32/.test(leaf)) out.cpu = ['wasm32'];
  return out;
}

let added = 0;
for (const [loc, entry] of Object.entries(pkgs)) {
  if (!loc.startsWith('node_modules/') && loc !== '') continue;
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = loc === '' ? '' : `${loc}/`;
    const candidates = [`${base}node_modules/${dep}`, `node_modules/${dep}`];
    if (candidates.some((c) => pkgs[c])) continue;
    pkgs[`node_modules/${dep}`] = { version: String(version).replace(/^[\^~]/, ''), ...platformOf(dep), dev: entry.dev, optional: true };
    if (!entry.dev) delete pkgs[`node_modules/${dep}`].dev;
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock: added ${added} foreign-platform optional entries`);
