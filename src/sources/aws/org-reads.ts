/**
 * The Organizations reads both `snapshot` (one account) and `audit --org` (every account) need: an
 * account's OU path and the SCPs at each level. One reader, with a per-run cache: an OU's parent,
 * a target's SCP ids and an SCP's content are read at most once per run, and concurrent askers
 * share the read in flight. A run of one account simply never hits the cache.
 */
import { DescribePolicyCommand, paginateListParents, paginateListPoliciesForTarget, type OrganizationsClient } from '@aws-sdk/client-organizations';
import type { OrganizationsPart, OrgPolicy } from '../../model/snapshot.js';
import type { Collection } from './collect.js';
import { mapLimit, once } from './limit.js';

/** Organizations allows five OU levels below the root; anything deeper is a loop. */
const MAX_OU_DEPTH = 8;
/** Levels (and SCPs) read at once for one account; Organizations' quota is a few requests per second. */
const CONCURRENCY = 4;

export type Parent = NonNullable<OrganizationsPart['parents']>[number];

export class OrgReads {
  private readonly parents = new Map<string, Promise<Parent | undefined>>();
  private readonly attached = new Map<string, Promise<string[]>>();
  private readonly policies = new Map<string, Promise<OrgPolicy>>();

  constructor(private readonly organizations: OrganizationsClient) {}

  parentOf(childId: string): Promise<Parent | undefined> {
    return once(this.parents, childId, async () => {
      for await (const page of paginateListParents({ client: this.organizations }, { ChildId: childId })) {
        const p = page.Parents?.[0];
        if (p?.Id !== undefined) return { Id: p.Id, Type: p.Type === 'ROOT' ? 'ROOT' : 'ORGANIZATIONAL_UNIT' };
      }
      return undefined;
    });
  }

  /** Nearest parent first, ending with the root (the snapshot's `parents` order). */
  async path(accountId: string): Promise<Parent[]> {
    const path: Parent[] = [];
    for (let child = accountId; path.length < MAX_OU_DEPTH; ) {
      const parent = await this.parentOf(child);
      if (parent === undefined) break;
      path.push(parent);
      if (parent.Type === 'ROOT') break;
      child = parent.Id;
    }
    return path;
  }

  scpIds(targetId: string): Promise<string[]> {
    return once(this.attached, targetId, async () => {
      const ids: string[] = [];
      for await (const page of paginateListPoliciesForTarget({ client: this.organizations }, { TargetId: targetId, Filter: 'SERVICE_CONTROL_POLICY' })) {
        for (const summary of page.Policies ?? []) if (summary.Id) ids.push(summary.Id);
      }
      return ids;
    });
  }

  policy(id: string): Promise<OrgPolicy> {
    return once(this.policies, id, async () => {
      const p = (await this.organizations.send(new DescribePolicyCommand({ PolicyId: id }))).Policy;
      return { PolicySummary: { ...p?.PolicySummary, Id: id, Name: p?.PolicySummary?.Name ?? '' }, Content: p?.Content ?? '' };
    });
  }
}

/**
 * SCPs per target id (the account, then each level up to the root), the levels read side by side;
 * undefined (with a gap) if any level could not be read, since a partial path would misjudge
 * "allow at every level".
 */
export async function readScps(c: Collection, reads: OrgReads, targets: readonly string[]): Promise<Record<string, OrgPolicy[]> | undefined> {
  const { org } = c;
  const listed = await mapLimit(targets, CONCURRENCY, (target) => c.read('organizations:ListPoliciesForTarget', org, () => reads.scpIds(target)));
  const refused = listed.find((r) => !r.ok);
  if (refused && !refused.ok) return void c.gap('scp', 'organizations:ListPoliciesForTarget', org, refused.error);

  const ids = [...new Set(listed.flatMap((r) => (r.ok ? r.value : [])))];
  const described = await mapLimit(ids, CONCURRENCY, (id) => c.read('organizations:DescribePolicy', org, () => reads.policy(id)));
  const byId = new Map<string, OrgPolicy>();
  for (const [i, r] of described.entries()) {
    if (!r.ok) return void c.gap('scp', 'organizations:DescribePolicy', org, r.error);
    byId.set(ids[i] as string, r.value);
  }
  const out: Record<string, OrgPolicy[]> = Object.create(null) as Record<string, OrgPolicy[]>;
  for (const [i, target] of targets.entries()) out[target] = (listed[i]?.ok ? listed[i].value : []).map((id) => byId.get(id) as OrgPolicy);
  return out;
}
