/**
 * `audit` on several threads. Principals are independent, so each thread audits a slice of them
 * (checks/audit.ts auditSlice) with its own model of the same snapshot, and the slices' rows are
 * joined in the account's order: the same rows as one thread, 1.21–1.25× faster at 20,000
 * principals on 2 cores (bench/run.mjs measures both in one run). Threads live here, at the edge: the checks stay pure.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { auditable, auditAccount, auditSlice, joinSlices, type AuditRow, type AuditSettings, type AuditSlice, type SliceRows } from '../checks/audit.js';
import type { AccountModel } from '../model/account.js';
import type { TaskId, TaskSpec } from '../model/catalogue.js';
import type { SnapshotV1 } from '../model/snapshot.js';
import { AUDIT_WORKER } from '../package-files.js';

/** Below this many principals a thread's start (its own model, a cold JIT) costs more than it saves. */
const THREADS_FROM = 1500;
/** More threads than this only copy the snapshot more often: the work per principal is small. */
const MAX_THREADS = 4;

/** What a worker gets: the snapshot (structured-cloned), the pages, the flags and its slice. */
export interface SliceJob {
  snapshot: SnapshotV1;
  taskIds: TaskId[];
  settings: AuditSettings;
  slice: AuditSlice;
}

/**
 * How many threads: `BILLING_ACCESS_THREADS` if set (1 = none; the benchmark compares both), else
 * one per core up to MAX_THREADS for accounts of THREADS_FROM principals or more.
 */
export function threadCount(principals: number, env: NodeJS.ProcessEnv): number {
  const asked = Number.parseInt(env.BILLING_ACCESS_THREADS ?? '', 10);
  if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, MAX_THREADS);
  return principals >= THREADS_FROM ? Math.min(availableParallelism(), MAX_THREADS) : 1;
}

function runWorker(job: SliceJob): Promise<SliceRows> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(AUDIT_WORKER, { workerData: job });
    worker.once('message', (rows: SliceRows) => resolve(rows));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`an audit thread stopped with exit code ${code}`));
    });
  });
}

/**
 * auditAccount on threadCount(…) threads (BILLING_ACCESS_THREADS in `env`): this one audits slice 0,
 * each worker one more; the last also the Identity Center users.
 */
export async function auditThreaded(model: AccountModel, tasks: readonly TaskSpec[], settings: AuditSettings, env: NodeJS.ProcessEnv): Promise<AuditRow[]> {
  const threads = threadCount(auditable(model).length, env);
  if (threads < 2) return auditAccount(model, tasks, settings);
  const taskIds = tasks.map((t) => t.id);
  const workers = Array.from({ length: threads - 1 }, (_, i) =>
    runWorker({ snapshot: model.snapshot, taskIds, settings, slice: { index: i + 1, of: threads, people: i + 2 === threads } }),
  );
  // Settled together, so a failed worker cannot leave an unhandled rejection while this thread works.
  const others = Promise.all(workers);
  others.catch(() => undefined);
  const own = auditSlice(model, tasks, settings, { index: 0, of: threads, people: false });
  return joinSlices([own, ...(await others)]);
}
