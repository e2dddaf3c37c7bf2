/** One audit thread (cli/audit-threads.ts): builds its own model of the snapshot and audits its slice. */
import { parentPort, workerData } from 'node:worker_threads';
import { auditSlice } from '../checks/audit.js';
import { buildAccountModel } from '../model/account.js';
import { taskById } from '../model/catalogue.js';
import { loadShippedManagedPolicies } from '../sources/managed-policies.js';
import type { SliceJob } from './audit-threads.js';

const { snapshot, taskIds, settings, slice } = workerData as SliceJob;
const model = buildAccountModel(snapshot, loadShippedManagedPolicies());
parentPort?.postMessage(auditSlice(model, taskIds.map((id) => taskById(id)), settings, slice));
