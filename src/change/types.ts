/**
 * A planned change (design section 11): what `--change` or a Terraform plan would do to the
 * snapshot, as edits of its documents and attachments. Pure data; src/change/apply.ts applies it.
 */
import type { EntityKind } from '../model/account.js';

/** A policy document as JSON; absent in an edit when it is unknown until apply. */
export type PolicyJson = Record<string, unknown>;

/** The target of an SCP attachment that is known only after apply (it may be on the account's path). */
export const UNKNOWN_TARGET = '(known after apply)';

/** The user, group or role an edit touches. */
export interface Owner {
  kind: EntityKind;
  name: string;
}

/** A user or role: what can sign in, be created, renamed or deleted. */
export type Person = Owner & { kind: 'user' | 'role' };

/** One edit of the snapshot. A `document` of `undefined` is a value known only after apply. */
export type SnapshotEdit =
  /** New content for an SCP, wherever it is attached. */
  | { kind: 'scp-content'; policyId: string; document: PolicyJson | undefined }
  /** Attach an SCP (existing or new) to a root, OU or account. */
  | { kind: 'scp-attach'; targetId: string; policyId: string; name: string; document: PolicyJson | undefined }
  /** Detach an SCP from one target, or from every target when `targetId` is absent. */
  | { kind: 'scp-detach'; targetId?: string; policyId: string }
  /** A new default version of a managed policy (the policy is created if the snapshot lacks it). */
  | { kind: 'managed-version'; arn: string; document: PolicyJson | undefined }
  | { kind: 'managed-attach'; owner: Owner; arn: string }
  | { kind: 'managed-detach'; owner: Owner; arn: string }
  /** Create or replace an inline policy. */
  | { kind: 'inline-put'; owner: Owner; name: string; document: PolicyJson | undefined }
  | { kind: 'inline-delete'; owner: Owner; name: string }
  /** Set (an ARN) or remove (`undefined`) a user's or role's permissions boundary. */
  | { kind: 'boundary-set'; owner: Owner; arn: string | undefined }
  /**
   * The permission set itself in the snapshot's `identityCenter` part, kept in step with its roles:
   * a new inline policy (`null` removes it) or an attached or detached AWS managed policy.
   */
  | { kind: 'permission-set-update'; name: string; inline?: PolicyJson | null; attach?: string; detach?: string }
  /** A user or role that does not exist yet (a planned `aws_iam_user` or `aws_iam_role`). */
  | { kind: 'principal-create'; owner: Person; arn: string; path: string }
  /** A user renamed in place (`aws_iam_user` name updated): same policies and groups, a new name and ARN. */
  | { kind: 'principal-rename'; owner: Person; name: string; arn: string }
  /** A user or role that is deleted: whatever it could open, it opens no more (reported as removed). */
  | { kind: 'principal-delete'; owner: Person };

/** Where a planned change comes from: a `--change` flag or a resource of a Terraform plan. */
export type ChangeOrigin =
  | { kind: 'flag'; file?: string }
  /** `previousAddress`: the address before a `moved` block renamed the resource. */
  | { kind: 'terraform'; file: string; address: string; previousAddress?: string; type: string; actions: string[] };

/** One planned change: the flag or resource, and the edits it makes. */
export interface PlannedChange {
  /** What reports name as the cause: the `--change` argument, or the resource address. */
  id: string;
  origin: ChangeOrigin;
  edits: SnapshotEdit[];
  /** Why some of its values are unknown until apply (cells it affects become inconclusive). */
  unknown?: string;
}
