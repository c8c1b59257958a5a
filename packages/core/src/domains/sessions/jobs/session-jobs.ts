import type { Job } from '../../../runtime/jobs.ts';
import { sessionCleanupJob, type SessionCleanupDeps } from './session-cleanup.job.ts';

/** The session domain's background jobs, for `startJobs` (the stack, or the session subgraph started alone). */
export function sessionJobs(deps: SessionCleanupDeps): Job[] {
  return [sessionCleanupJob(deps)];
}
