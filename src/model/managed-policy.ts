/** An AWS managed policy document shipped with the tool, to resolve attachments absent from a snapshot. */
export interface ShippedManagedPolicy {
  arn: string;
  name: string;
  /** Default version id, e.g. `v28`. */
  versionId: string;
  /** Last update date of that version (ISO date). */
  updated: string;
  /** Where the copy was taken from (e.g. `moto 5.2.1 aws_managed_policies_data`). */
  source: string;
  /** The policy document (JSON object). */
  document: Record<string, unknown>;
}
