/**
 * Where the facts come from: a snapshot file, a bundled example, or the live account. Live and
 * offline are one pipeline: both produce a SnapshotV1 and the same checks run on it.
 */
import type { Io } from '../io.js';
import type { Diagnosis } from '../model/diagnosis.js';
import type { SnapshotV1 } from '../model/snapshot.js';
import type { Progress } from '../ui/progress.js';
import type { NetworkSettings } from './aws/network.js';

export interface SourceOptions {
  snapshot?: string;
  example?: string;
  profile?: string;
  region?: string;
  orgProfile?: string;
  /** Limits for live reads (--connect-timeout, --request-timeout, --deadline). */
  network?: NetworkSettings;
  /** Principal whose console facts (login profile, MFA devices) live collection should read. */
  principal?: string;
}

export interface LoadedFacts {
  snapshot: SnapshotV1;
  source: Diagnosis['source'];
}

/** The account (and organization) profiles of a live run; us-east-1 unless --region says otherwise. */
const liveOptions = (options: SourceOptions): { profile?: string; region: string; orgProfile?: string } => ({
  profile: options.profile,
  region: options.region ?? 'us-east-1',
  orgProfile: options.orgProfile,
});

/** Adds a picked principal's own console facts to live facts; file and example facts stay as they are. */
export async function addPrincipalFacts(facts: LoadedFacts, options: SourceOptions, principal: string, progress: Progress): Promise<LoadedFacts> {
  if (facts.source.kind !== 'live') return facts;
  const aws = await import('./aws/collect.js');
  return { ...facts, snapshot: await aws.collectPrincipalFacts(liveOptions(options), facts.snapshot, principal, progress) };
}

export async function loadFacts(options: SourceOptions, io: Io, progress: Progress): Promise<LoadedFacts> {
  if (options.snapshot !== undefined || options.example !== undefined) {
    const file = await import('./file.js');
    return options.snapshot !== undefined
      ? { snapshot: await file.loadSnapshotFile(options.snapshot, io.cwd), source: { kind: 'snapshot', file: options.snapshot } }
      : file.loadExample(options.example as string);
  }
  // Only a live run loads the AWS SDK.
  (await import('./aws/network.js')).configureNetwork(options.network);
  const aws = await import('./aws/collect.js');
  const snapshot = await aws.collectSnapshot({ ...liveOptions(options), principal: options.principal, onePrincipal: true }, progress);
  return { snapshot, source: { kind: 'live', account: snapshot.account?.id, profile: options.profile } };
}
