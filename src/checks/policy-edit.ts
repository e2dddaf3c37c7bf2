/**
 * Pure rewrites of policy documents that remediation proposes (and diagnose then proves by
 * re-running the checklist on a patched copy of the model).
 */
import { compilePolicy, evaluate } from '../engine/index.js';
import type { PolicyDocumentJson, StatementJson } from '../engine/types.js';

const toList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? [...v] : [v]);

export function statementsOf(document: PolicyDocumentJson): StatementJson[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

function withStatements(document: PolicyDocumentJson, statements: StatementJson[]): PolicyDocumentJson {
  return { ...structuredClone(document), Statement: statements };
}

/** Whether an Action pattern covers an action, decided by the engine itself (no second wildcard matcher). */
export function patternCovers(pattern: string, action: string): boolean {
  const probe = compilePolicy({ source: 'probe', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: pattern, Resource: '*' }] } });
  return evaluate({ action, resource: '*', context: {} }, { identity: [probe] }).decision === 'allowed';
}

const serviceOf = (action: string): string => action.slice(0, action.indexOf(':')).toLowerCase();

/**
 * Rewrites statement `index` so it no longer denies `actions`: a NotAction list gains the billing
 * namespaces (`family`, the services whose console calls a region deny must let through); an Action
 * list loses the entries that cover them (a bare `*` becomes a NotAction of the billing namespaces, so
 * everything else stays denied). `undefined` when the statement is not there.
 */
export function exemptActions(document: PolicyDocumentJson, index: number, actions: readonly string[], family: readonly string[]): PolicyDocumentJson | undefined {
  const statements = structuredClone(statementsOf(document));
  const statement = statements[index];
  if (!statement) return undefined;
  const services = [...new Set([...family, ...actions.map(serviceOf)])].sort();
  if (statement.NotAction !== undefined) {
    const present = toList(statement.NotAction);
    const lower = new Set(present.map((p) => p.toLowerCase()));
    statement.NotAction = [...present, ...services.map((s) => `${s}:*`).filter((p) => !lower.has(p.toLowerCase()))];
    return withStatements(document, statements);
  }
  const entries = toList(statement.Action);
  if (entries.includes('*')) {
    delete statement.Action;
    statement.NotAction = services.map((s) => `${s}:*`);
    return withStatements(document, statements);
  }
  const kept = entries.filter((entry) => !actions.some((a) => patternCovers(entry, a)));
  if (kept.length === 0) return withStatements(document, statements.filter((_, i) => i !== index));
  statement.Action = kept;
  return withStatements(document, statements);
}

/** Adds `us-east-1` to the allowed regions of a negated `aws:RequestedRegion` condition. `undefined` if there is none. */
export function allowBillingRegion(document: PolicyDocumentJson, index: number, region: string): PolicyDocumentJson | undefined {
  const statements = structuredClone(statementsOf(document));
  const condition = statements[index]?.Condition;
  if (!condition) return undefined;
  let changed = false;
  for (const [operator, keys] of Object.entries(condition)) {
    if (!/^String(Not)(Equals|Like)(IgnoreCase)?(IfExists)?$/i.test(operator.replace(/^For(All|Any)Values?:/i, ''))) continue;
    for (const k of Object.keys(keys)) {
      if (k.toLowerCase() !== 'aws:requestedregion') continue;
      const values = toList(keys[k] as string | string[]);
      if (!values.includes(region)) keys[k] = [...values, region];
      changed = true;
    }
  }
  return changed ? withStatements(document, statements) : undefined;
}

/** Appends an Allow statement for `actions` (a boundary or identity policy that lacks one). */
export function addAllow(document: PolicyDocumentJson | undefined, actions: readonly string[], sid: string): PolicyDocumentJson {
  const statement: StatementJson = { Sid: sid, Effect: 'Allow', Action: [...actions], Resource: '*' };
  if (!document) return { Version: '2012-10-17', Statement: [statement] };
  return withStatements(document, [...structuredClone(statementsOf(document)), statement]);
}

/** A minimal policy that allows exactly these actions. */
export function allowPolicy(actions: readonly string[], sid: string): PolicyDocumentJson {
  return addAllow(undefined, [...new Set(actions)].sort(), sid);
}
