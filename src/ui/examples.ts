/**
 * The example snapshots shipped in examples/ (`doctor --example NAME`), with the one line the
 * wizard and the man page show for each. test/e2e/examples.test.ts keeps this list and the
 * directory in step.
 */
export interface ExampleInfo {
  /** File name without `.json`, the value of `--example`. */
  name: string;
  /** What the example shows, one line. */
  summary: string;
}

export const EXAMPLES: readonly ExampleInfo[] = [
  { name: 'eu-only-org', summary: 'an EU-only region-deny SCP blocks the Bills page for user alice, who has the Billing policy' },
  { name: 'boundary-no-billing', summary: 'role FinOpsAnalyst has billing permissions, but its permissions boundary has none' },
  { name: 'mfa-no-device', summary: 'user bob is denied everything without MFA (the force-MFA pattern) and has no MFA device' },
  { name: 'healthy', summary: 'a healthy member account: user finops can open the Billing console' },
];
