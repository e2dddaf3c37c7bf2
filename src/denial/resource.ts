/**
 * The resource a denial names, as the ARN the request was authorized on. AWS's message gives it
 * after "on resource:"; a CloudTrail record in `resources[].ARN` (CloudTrail User Guide,
 * "CloudTrail record contents"), or only in its request parameters. Pure: values in, ARN or why not out.
 */

/** A whole ARN: partition, service, region (may be empty), account (may be empty), resource. */
const FULL_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12}|aws)?:\S+$/;

/** Whether `text` is a whole ARN the engine can match a policy's Resource against. */
export function isFullArn(text: string): boolean {
  return FULL_ARN.test(text);
}

/**
 * Request parameters of billing APIs whose value is the ARN of the resource the request is
 * authorized on (Service Authorization Reference: ce:GetAnomalies → anomalymonitor via monitorArn,
 * ce:GetCostAndUsage → billingview via BillingViewArn, tagging actions via ResourceArn,
 * billing:GetBillingView via Arn). Compared ignoring case: CloudTrail spells them as each API does.
 */
const ARN_PARAMETERS = new Set(['monitorarn', 'subscriptionarn', 'billingviewarn', 'resourcearn', 'arn']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What an event says about its resource: the ARN, or a note on why none is taken. */
export interface EventResource {
  resource?: string;
  note?: string;
}

/**
 * The one resource a CloudTrail record names: `resources[].ARN`, else an ARN-valued request
 * parameter, else a budget by its name (`arn:aws:budgets::AccountId:budget/budgetName`, AWS
 * Billing and Cost Management API Reference, "Budget" data type). Several different ones: none.
 */
export function eventResource(record: Json, partition: string): EventResource {
  const listed = Array.isArray(record.resources)
    ? record.resources.filter(isObject).map((r) => r.ARN).filter((a): a is string => typeof a === 'string' && a !== '')
    : [];
  const fromParameters = listed.length > 0 ? [] : parameterArns(record, partition);
  const found = [...new Set([...listed, ...fromParameters])];
  if (found.length === 1) return { resource: found[0] as string };
  if (found.length > 1) {
    return { note: `the event names ${found.length} resources (${found.join(', ')}); the action is evaluated on the resource the console's request names by default` };
  }
  return {};
}

function parameterArns(record: Json, partition: string): string[] {
  const parameters = isObject(record.requestParameters) ? record.requestParameters : undefined;
  if (!parameters) return [];
  const entries = Object.entries(parameters).map(([k, v]) => [k.toLowerCase(), v] as const);
  const arns = entries.filter(([k, v]) => ARN_PARAMETERS.has(k) && typeof v === 'string' && isFullArn(v)).map(([, v]) => v as string);
  if (arns.length > 0 || record.eventSource !== 'budgets.amazonaws.com') return arns;
  const value = (key: string): string | undefined => {
    const v = entries.find(([k]) => k === key)?.[1];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const name = value('budgetname');
  const account = value('accountid') ?? (typeof record.recipientAccountId === 'string' ? record.recipientAccountId : undefined);
  // A budget action (actionId) is a resource of its own type, budgetAction: not the budget.
  if (name === undefined || account === undefined || value('actionid') !== undefined || !/^\d{12}$/.test(account)) return [];
  return [`arn:${partition}:budgets::${account}:budget/${name}`];
}
