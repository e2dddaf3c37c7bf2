/** The OASIS SARIF 2.1.0 schema (test/fixtures/sarif/, with its source), compiled once, with the formats SARIF defines. */
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';

const ajv = new AjvDraft04({ allErrors: true, strict: false });
// The schema's formats, checked as SARIF defines them (RFC 3986 URIs, RFC 3339 times).
ajv.addFormat('uri', (v: string) => URL.canParse(v));
ajv.addFormat('uri-reference', (v: string) => !/\s/.test(v) && URL.canParse(v, 'file:///base/'));
ajv.addFormat('date-time', (v: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(v));
export const validateSarif = ajv.compile(JSON.parse(readFileSync('test/fixtures/sarif/sarif-schema-2.1.0.json', 'utf8')) as object);
