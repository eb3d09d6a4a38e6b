// What the intake bench's load scripts share (load.ts, ab-create.ts, ab-list.ts, tail.ts): the login,
// the create request bodies, the CPU counters read from /proc, and ab.sh's measurement settings.
import { readFileSync } from 'node:fs';

/** A demo user's access token (the seed's password unless BENCH_PASSWORD says otherwise). */
export async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: process.env.BENCH_PASSWORD ?? 'Hotline12345!' }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

// ---- request bodies: a little variety per request --------------------------------------------
const TITLES: [string, string, string][] = [
  ['complaint', '夜间施工噪音扰民', '工地每晚十一点后仍在施工，噪音很大，影响休息'],
  ['help', '小区突然停水', '小区从早上开始停水，没有提前通知，请尽快恢复供水'],
  ['complaint', '供暖温度不达标', '家中暖气不热，室温不到十六度'],
  ['report', '路灯损坏不亮', '路段多盏路灯损坏不亮，夜间出行不安全'],
  ['consultation', '咨询社保缴费标准', '咨询灵活就业人员养老保险缴费标准和办理流程'],
  ['report', '商户占道经营', '路边商户占道经营，影响行人通行'],
  ['complaint', '垃圾清运不及时', '垃圾堆放多日无人清运，气味难闻'],
  ['suggestion', '建议增设公交线路', '建议增设公交线路方便居民出行'],
];
const DISTRICTS = ['150802', '150802', '150802', '150821', '150822', '150823', '150824', '150825', '150826'];
const STREETS = ['胜利路', '新华街', '解放街', '团结路', '车站路', '五一街', '建设路', '朔方路'];
const CHANNELS = ['phone', 'phone', 'phone', 'web', 'app', 'wechat'];
const PRIORITIES = ['normal', 'normal', 'normal', 'normal', 'urgent'];
const NAMES = ['张三', '李四', '王芳', '刘伟', '陈静', '杨洋', '赵敏', '黄磊'];
let seq = 0;
export function nextBody(): string {
  const n = seq++;
  const [kind, title, content] = TITLES[n % TITLES.length];
  const street = STREETS[(n >> 3) % STREETS.length];
  return JSON.stringify({
    kind,
    priority: PRIORITIES[n % PRIORITIES.length],
    language: 'zh',
    channel: CHANNELS[n % CHANNELS.length],
    title,
    content: `${street}${(n % 300) + 1}号附近：${content}`,
    address: `${street}${(n % 300) + 1}号`,
    districtCode: DISTRICTS[n % DISTRICTS.length],
    citizenName: NAMES[n % NAMES.length],
    citizenPhone: `13${String(100000000 + ((n * 7919) % 900000000)).padStart(9, '0')}`,
  });
}

// ---- CPU counters ----------------------------------------------------------------------------------
/** utime + stime of a process, in ms (clock ticks are 10 ms on Linux). */
export function cpuMs(pid: string | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}
/** Busy and total jiffies of the whole machine (all cores). */
export function machineJiffies(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = f[3] + (f[4] ?? 0);
  return { busy: total - idle, total };
}

// ---- ab.sh's measurements (ab-create.ts, ab-list.ts) ---------------------------------------------
/** The part of an autocannon result the A/B measurements read (autocannon ships no types). */
export interface AbAutocannonResult {
  '2xx': number;
  non2xx: number;
  latency: { p50: number; p99: number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const abAutocannon = require('autocannon') as (opts: object) => Promise<AbAutocannonResult>;
/** The api under test and the length of one measurement, as ab.sh passes them. */
export const AB_BASE = process.env.BENCH_URL ?? 'http://127.0.0.1:3100';
export const AB_DURATION_S = Number(process.env.AB_DURATION_S ?? 15);
