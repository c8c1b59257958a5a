import { runAuthBench } from './auth.ts';
import { formatTable } from './report.ts';
const undo: Array<{ what: string; run: () => Promise<unknown> }> = [];
try {
  const out = await runAuthBench({ adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres', redisUrl: 'redis://127.0.0.1:6379', undo, log: (l) => console.log(l) });
  console.log(formatTable(out.rows));
  console.log(out.failures);
} finally {
  for (const step of undo.reverse()) await step.run();
}
process.exit(0);
