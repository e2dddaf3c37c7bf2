/**
 * The interactive doctor: asks only for what flags did not give. Called by the doctor handler only
 * when prompting is allowed (Io.interactive and no --no-interactive).
 */
import type { Io } from '../cli/io.js';
import type { DoctorOptions } from '../cli/options.js';
import type { Diagnosis } from '../model/diagnosis.js';
import type { SnapshotV1 } from '../model/snapshot.js';

// Placeholders until the wizard lands (issue 6): they ask nothing.

/** Before loading facts: live account or snapshot file, which profile. */
export async function askSource(options: DoctorOptions, _io: Io): Promise<DoctorOptions> {
  return options;
}

/** After loading facts: principal (from the account's users and roles), tasks, MFA, activation. */
export async function askRest(options: DoctorOptions, _snapshot: SnapshotV1, _io: Io): Promise<DoctorOptions> {
  return options;
}

/** After the diagnosis is printed: offer to save a Markdown report and to show the full evidence. */
export async function afterDiagnosis(_diagnosis: Diagnosis, _options: DoctorOptions, _io: Io): Promise<void> {}
