/**
 * Action names against the Service Authorization Reference (when the run loaded it): Allow entries
 * that name nothing that exists ("billing:ViewBilling", "ce:GetCostAndUsag"), and the billing family
 * a region deny must exempt. Pure: the index arrives in the options.
 */
import type { MatchedStatement, PolicyDocumentJson } from '../engine/types.js';
import { layerPolicies } from '../engine/index.js';
import type { AccountModel } from '../model/account.js';
import { CATALOGUE_SERVICES, actionPrefixes, allowFindings, describeNameFinding, type NameFinding } from '../model/action-index.js';
import type { ResolvedPrincipal } from '../model/principal.js';
import { principalLayers } from './context.js';
import type { Evidence } from '../model/diagnosis.js';
import { statementEvidence } from './attribution.js';
import { exemptActions } from './policy-edit.js';
import type { CheckContext } from './types.js';

/** Services a region deny must exempt for every billing page to work: from the data when loaded, else the catalogue's own. */
export function billingFamily(ctx: CheckContext): readonly string[] {
  return ctx.options.actionIndex?.billingFamily ?? CATALOGUE_SERVICES;
}

/** `exemptActions` with the run's billing family: the statement rewrite that lets billing calls through. */
export function exemptBilling(ctx: CheckContext): (document: PolicyDocumentJson, index: number, actions: readonly string[]) => PolicyDocumentJson | undefined {
  const family = billingFamily(ctx);
  return (document, index, actions) => exemptActions(document, index, actions, family);
}

export interface NamedNothing {
  finding: NameFinding;
  statement: MatchedStatement;
  evidence: Evidence;
}

/** Allow statements of the principal's identity policies with an Action entry that names nothing. */
export function allowsNamingNothing(ctx: CheckContext): NamedNothing[] {
  const index = ctx.options.actionIndex;
  if (!index) return [];
  return ctx.layers.identity.flatMap((policy) =>
    allowFindings(index, policy.document).map(({ statement: label, index: i, finding }) => {
      const statement: MatchedStatement = { layer: 'identity', source: policy.source, statement: label, index: i, effect: 'Allow', conditions: [] };
      return { finding, statement, evidence: { ...statementEvidence(ctx, statement), note: describeNameFinding(finding) } };
    }),
  );
}

/**
 * The findings that bear on `missing`: the entry is in a service of a missing action, or one of its
 * suggestions is a missing action (the statement would have granted it, spelt as suggested).
 */
export function bearingOn(found: readonly NamedNothing[], missing: readonly string[]): NamedNothing[] {
  const wanted = new Set(missing.map((m) => m.toLowerCase()));
  const services = new Set([...wanted].map((m) => m.slice(0, m.indexOf(':'))));
  return found.filter(
    (f) => services.has(f.finding.entry.slice(0, f.finding.entry.indexOf(':')).toLowerCase()) || f.finding.suggestions.some((s) => wanted.has(s.toLowerCase())),
  );
}

/** The suggestion of a finding that is one of `missing`, if any. */
export function missingSuggestion(f: NamedNothing, missing: readonly string[]): string | undefined {
  const wanted = new Set(missing.map((m) => m.toLowerCase()));
  return f.finding.suggestions.find((s) => wanted.has(s.toLowerCase()));
}

/**
 * Service prefixes named in the principal's policy layers (identity, SCPs, boundary) and in the page
 * catalogue: what the Service Authorization Reference must be loaded for.
 */
export function prefixesToLoad(model: AccountModel, principal: ResolvedPrincipal): Set<string> {
  const { layers } = principalLayers(model, principal);
  return new Set([...CATALOGUE_SERVICES, ...actionPrefixes(layerPolicies(layers).map((p) => p.document))]);
}
