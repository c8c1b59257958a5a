// Runs bcryptjs off the event loop (piscina worker). Plain JS so workers load it without a
// TypeScript loader.
import bcrypt from 'bcryptjs';

export default function run(task) {
  if (task.op === 'hash') return bcrypt.hash(task.password, task.cost);
  if (task.op === 'verify') return bcrypt.compare(task.password, task.hash);
  throw new Error(`unknown password task ${String(task.op)}`);
}
