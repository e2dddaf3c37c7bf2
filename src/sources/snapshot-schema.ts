/**
 * The snapshot validators. The build writes them as standalone code (scripts/gen-validators.mjs:
 * dist/sources/snapshot-validators.cjs, from schema/snapshot.schema.json), so a run loads plain
 * functions instead of compiling the JSON Schema at start-up. Run from src/ (tests, before a
 * build), there is no such file and the schema is compiled here, with the same options.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { SCHEMA_FILE, STANDALONE_VALIDATORS } from '../package-files.js';

/** Ajv options for the snapshot schema (shared with scripts/gen-validators.mjs). */
export const VALIDATOR_OPTIONS = { allErrors: false, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true } as const;

/** The whole snapshot, and one GAAD page (for bare get-account-authorization-details files). */
export interface SnapshotValidators {
  snapshot: ValidateFunction;
  page: ValidateFunction;
}

/** The schema ids of the two validators, by name. */
export function validatorIds(schemaId: string): Record<keyof SnapshotValidators, string> {
  return { snapshot: schemaId, page: `${schemaId}#/definitions/authorizationDetails` };
}

const require = createRequire(import.meta.url);
let loaded: SnapshotValidators | undefined;

/** Loaded (or compiled) once per process. */
export function snapshotValidators(): SnapshotValidators {
  loaded ??= existsSync(STANDALONE_VALIDATORS) ? (require(STANDALONE_VALIDATORS.pathname) as SnapshotValidators) : compileSchema();
  return loaded;
}

/** The validators compiled from the schema now (the fallback, and what the build's standalone code must equal). */
export function compileSchema(): SnapshotValidators {
  const { Ajv } = require('ajv') as typeof import('ajv');
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { $id: string };
  const ajv = new Ajv(VALIDATOR_OPTIONS);
  ajv.addSchema(schema);
  const ids = validatorIds(schema.$id);
  return { snapshot: ajv.getSchema(ids.snapshot)!, page: ajv.getSchema(ids.page)! };
}
