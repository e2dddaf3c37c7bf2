/**
 * Console facts of every IAM user from the IAM credential report: two or three calls per account
 * instead of two per user. GenerateCredentialReport and GetCredentialReport are at the Read access
 * level in the Service Authorization Reference (list_awsidentityandaccessmanagementiam.html) and
 * change no configuration: generating only (re)builds the report AWS keeps for four hours.
 * Columns: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import type { UserFacts } from '../../model/snapshot.js';
import type { AwsClients } from './clients.js';
import { errorCode } from './errors.js';

/** Polls while AWS builds the report; it is usually ready at the first or second try. */
const POLL_ATTEMPTS = 10;
const POLL_DELAY_MS = 500;

/** The root user's row: IAM policies and console facts of users do not apply to it. */
const ROOT_ROW = '<root_account>';

export interface CredentialReport {
  /** Facts per user name, for every row the report had and that parsed cleanly. */
  users: Map<string, UserFacts>;
  /** Rows that could not be parsed (a user name with a comma): read these per user. */
  unparsed: number;
}

/** Parses the report's CSV; a row whose field count differs from the header's is counted, not guessed. */
export function parseCredentialReport(csv: string): CredentialReport {
  const [header, ...rows] = csv.split(/\r?\n/).filter((line) => line !== '');
  const columns = (header ?? '').split(',');
  const at = (name: string): number => columns.indexOf(name);
  const [user, password, mfa] = [at('user'), at('password_enabled'), at('mfa_active')];
  const users = new Map<string, UserFacts>();
  let unparsed = 0;
  if (user < 0 || password < 0 || mfa < 0) return { users, unparsed: rows.length };
  for (const row of rows) {
    const fields = row.split(',');
    if (fields.length !== columns.length) {
      unparsed++;
      continue;
    }
    const name = fields[user] as string;
    if (name === ROOT_ROW) continue;
    users.set(name, { consolePassword: fields[password] === 'true', mfaDevices: fields[mfa] === 'true' ? 1 : 0 });
  }
  return { users, unparsed };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Generates (if needed) and reads the report; throws the service's error when it cannot be read. */
export async function readCredentialReport(clients: AwsClients): Promise<CredentialReport> {
  for (let attempt = 1; ; attempt++) {
    const generated = await clients.iam.send(new GenerateCredentialReportCommand({}));
    if (generated.State === 'COMPLETE') {
      try {
        const report = await clients.iam.send(new GetCredentialReportCommand({}));
        return parseCredentialReport(Buffer.from(report.Content ?? new Uint8Array()).toString('utf8'));
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'ReportInProgress' && code !== 'ReportNotPresent' && code !== 'ReportExpired') throw error;
      }
    }
    if (attempt >= POLL_ATTEMPTS) {
      // A client-side refusal in the SDK's shape, so the caller records a gap and reads per user.
      throw Object.assign(new Error(`the credential report was not ready after ${POLL_ATTEMPTS} attempts`), { name: 'ReportInProgress', $fault: 'client' });
    }
    await sleep(POLL_DELAY_MS);
  }
}
