import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/tenant/client.ts';
const pool = new pg.Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/scratch_ts', max: 5 });
const a = new PrismaClient({ adapter: new PrismaPg(pool, { schema: 's1' }) });
const b = new PrismaClient({ adapter: new PrismaPg(pool, { schema: 's2' }) });
await a.role.create({ data: { name: 'x' } });
await b.role.create({ data: { name: 'y' } });
console.log((await pool.query('select name from s1.roles')).rows, (await pool.query('select name from s2.roles')).rows);
console.log('rdm keys', Object.keys((a as unknown as Record<string, unknown>)['_runtimeDataModel'] as object));
console.log('listeners', pool.listenerCount('error'));
// in-flight + disconnect
const p = a.$queryRaw`select pg_sleep(1)`.then(() => 'ok', (e: unknown) => 'err ' + String(e));
await new Promise(r => setTimeout(r, 100));
await a.$disconnect();
console.log('inflight after disconnect:', await p);
console.log('listeners after', pool.listenerCount('error'));
console.log('after disconnect query:', await a.role.count().then(String, (e: unknown) => 'err ' + String(e)));
console.log('listeners after reuse', pool.listenerCount('error'));
await b.$disconnect();
console.log('pool ended?', (pool as unknown as { ending: boolean }).ending, (await pool.query('select 1 as x')).rows);
// memory
const before = process.memoryUsage().rss;
const cs = [];
for (let i = 0; i < 50; i++) { const c = new PrismaClient({ adapter: new PrismaPg(pool, { schema: 's1' }) }); await c.role.count(); cs.push(c); }
console.log('rss per client MB', (process.memoryUsage().rss - before) / 50 / 1e6);
await Promise.all(cs.map(c => c.$disconnect()));
await pool.end();
