// Property-based: thousands of malformed payloads against intake and every action get a 4xx, never a
// 5xx, and leave no rows behind.
import fc from 'fast-check';
import { type TestApp, type TestDepartment, type TestUser, bootTestApp, createDepartment, createUser } from '@hotline/testing';

const VALID = {
  kind: 'complaint',
  priority: 'normal',
  language: 'zh',
  channel: 'phone',
  title: '噪音扰民',
  content: '楼下商铺音响声音太大',
  summaryZh: '噪音',
  address: '临河区新华街',
  districtCode: '150802',
  matterCode: undefined as string | undefined,
  citizenName: '李四',
  citizenPhone: '13700001234',
  confidential: false,
};
type Field = keyof typeof VALID;

const notString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }));
const withControl = fc.string({ maxLength: 10 }).map((s) => `${s}\u0000${s}`);
const tooLong = (n: number) => fc.constant('长'.repeat(n + 1));
const notInEnum = fc.string({ maxLength: 12 }).filter((s) => !['complaint', 'consultation', 'help', 'report', 'suggestion', 'praise', 'normal', 'urgent', 'critical', 'zh', 'mn', 'phone', 'web', 'app', 'wechat', 'sms', 'police110', 'letter'].includes(s));

/** For each field, values that are certainly invalid for it. */
const BAD: Record<Field, fc.Arbitrary<unknown>> = {
  kind: fc.oneof(notString, notInEnum),
  priority: fc.oneof(notString, notInEnum),
  language: fc.oneof(notString, notInEnum),
  channel: fc.oneof(notString, notInEnum),
  title: fc.oneof(notString, withControl, tooLong(200), fc.constantFrom('', '   ')),
  content: fc.oneof(notString, withControl, tooLong(5000), fc.constantFrom('', '\n\t ')),
  summaryZh: fc.oneof(notString, withControl, tooLong(2000)),
  address: fc.oneof(notString, withControl, tooLong(300)),
  districtCode: fc.oneof(notString, fc.string({ maxLength: 8 }).filter((s) => !/^\d{6}$/.test(s)), fc.constantFrom('999999', '110101')),
  matterCode: fc.oneof(notString, fc.constantFrom('no.such.matter', 'UPPER', 'cg')),
  citizenName: fc.oneof(notString, withControl, tooLong(100)),
  citizenPhone: fc.oneof(notString, fc.string({ maxLength: 6 }).filter((s) => !/^\+?[0-9][0-9 -]{2,19}$/.test(s))),
  confidential: fc.oneof(fc.integer(), fc.string({ maxLength: 4 }), fc.constant(null), fc.array(fc.boolean(), { maxLength: 1 })),
};
const REQUIRED: Field[] = ['kind', 'priority', 'language', 'channel', 'title', 'content'];

const badCreate = fc.oneof(
  // one or more fields made invalid
  fc
    .uniqueArray(fc.constantFrom(...(Object.keys(BAD) as Field[])), { minLength: 1, maxLength: 4 })
    .chain((fields) => fc.tuple(...fields.map((f) => BAD[f])).map((vals) => ({ ...VALID, ...Object.fromEntries(fields.map((f, i) => [f, vals[i]])) }))),
  // a required field missing
  fc.constantFrom(...REQUIRED).map((f) => {
    const o: Record<string, unknown> = { ...VALID };
    delete o[f];
    return o;
  }),
  // an unknown field (forbidNonWhitelisted), including the keys class-transformer drops silently
  fc
    .tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 12 }), fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty')), fc.jsonValue())
    .filter(([k]) => !(k in VALID) && k !== '__proto__')
    .map(([k, v]) => ({ ...VALID, [k]: v })),
  // not an object at all
  fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 })),
  // a Mongolian order breaking the script rules
  fc.constantFrom(
    { ...VALID, language: 'mn', content: '汉字内容' },
    { ...VALID, language: 'mn', content: 'ᠤᠰᠤ', summaryZh: undefined },
    { ...VALID, language: 'mn', content: '\uE234\uE300', summaryZh: '停水' },
  ),
);

const ACTIONS: { path: string; fields: Record<string, fc.Arbitrary<unknown>> }[] = [
  { path: 'reject', fields: { reason: fc.oneof(notString, withControl, fc.constant('')) } },
  { path: 'dispatch', fields: { departmentId: fc.oneof(notString, fc.string({ maxLength: 20 }), fc.constant('00000000-0000-4000-8000-000000000000')) } },
  { path: 'return', fields: { reasonCode: fc.oneof(notString, notInEnum), note: fc.oneof(notString, fc.constant('')) } },
  { path: 'return/review', fields: { approved: fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)), departmentId: fc.oneof(notString, fc.string({ maxLength: 5 })) } },
  { path: 'extension', fields: { days: fc.oneof(fc.constantFrom(0, -1, 31, 1.5, 1e9), fc.string({ maxLength: 3 })), reason: fc.oneof(notString, fc.constant('')) } },
  { path: 'extension/review', fields: { approved: fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)) } },
  { path: 'reply', fields: { content: fc.oneof(notString, withControl, fc.constant(''), tooLong(5000)) } },
  { path: 'survey', fields: { outcome: fc.oneof(notString, notInEnum), rating: fc.oneof(notString, notInEnum), resolved: fc.oneof(fc.string({ maxLength: 3 }), fc.integer()) } },
  { path: 'reopen', fields: { note: fc.oneof(notString, withControl) } },
  { path: 'close', fields: { note: fc.oneof(notString, withControl) } },
  { path: 'merge', fields: { intoId: fc.oneof(notString, fc.string({ maxLength: 10 })) } },
  { path: 'supervise', fields: { note: fc.oneof(notString, withControl, fc.constant('')) } },
  { path: 'transfer', fields: { note: fc.oneof(notString, withControl) } },
];

const badActionBody = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(
    fc
      .uniqueArray(fc.constantFrom(...Object.keys(fields)), { minLength: 1 })
      .chain((keys) => fc.tuple(...keys.map((k) => fields[k])).map((vals) => Object.fromEntries(keys.map((k, i) => [k, vals[i]])))),
    fc
      .tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('constructor', 'toString', 'valueOf')), fc.jsonValue())
      .filter(([k]) => !(k in fields) && k !== '__proto__')
      .map(([k, v]) => ({ [k]: v })),
  );

describe('malformed input', () => {
  let t: TestApp;
  let agent: TestUser;
  let dispatcher: TestUser;
  let unit: TestDepartment;

  beforeAll(async () => {
    t = await bootTestApp();
    agent = await createUser(t.owner, 'agent');
    dispatcher = await createUser(t.owner, 'dispatcher');
    unit = await createDepartment(t.owner, { kind: 'city_bureau' });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  async function counts() {
    const [r] = await t.owner.query(
      `SELECT (SELECT count(*) FROM work_orders)::int AS orders, (SELECT count(*) FROM work_order_events)::int AS events, (SELECT count(*) FROM outbox)::int AS outbox`,
    );
    return r as { orders: number; events: number; outbox: number };
  }

  it('answers 1,000 malformed create payloads with 4xx and writes nothing', async () => {
    const token = await t.token(agent);
    const before = await counts();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(badCreate, async (body) => {
        const res = await t.http().post('/api/work-orders').set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send(JSON.stringify(body));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body.message).toBeTruthy();
      }),
      { numRuns: 1000 },
    );
    expect(await counts()).toEqual(before);
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  }, 120_000);

  it('answers 1,000 malformed action payloads with 4xx and leaves the orders untouched', async () => {
    const token = await t.token(dispatcher);
    const agentToken = await t.token(agent);
    const registered = await t.http().post('/api/work-orders').set('authorization', `Bearer ${agentToken}`).send({ ...VALID, matterCode: undefined }).expect(201);
    const dispatched = await t.http().post('/api/work-orders').set('authorization', `Bearer ${agentToken}`).send({ ...VALID, matterCode: undefined }).expect(201);
    await t.http().post(`/api/work-orders/${dispatched.body.id}/dispatch`).set('authorization', `Bearer ${token}`).send({ departmentId: unit.id }).expect(200);
    const ids = [registered.body.id as string, dispatched.body.id as string];
    const snapshot = async () => t.owner.query(`SELECT id, version, status FROM work_orders WHERE id = ANY($1) ORDER BY id`, [ids]);
    const before = await snapshot();
    const totals = await counts();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS).chain((a) => fc.tuple(fc.constant(a.path), badActionBody(a.fields), fc.constantFrom(...ids, 'not-a-uuid'))),
        async ([path, body, id]) => {
          const res = await t.http().post(`/api/work-orders/${id}/${path}`).set('authorization', `Bearer ${token}`).set('content-type', 'application/json').send(JSON.stringify(body));
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 1000 },
    );
    expect(await snapshot()).toEqual(before);
    expect(await counts()).toEqual(totals);
  }, 120_000);
});
