import { it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { run } from './builders.js';
import { defaultPrincipal } from '../../src/model/principal.js';
import { model } from './builders.js';
const P: Record<string,string> = { 'scp-deny': 'alice', 'mfa-bool-no-device': 'carol', boundary: 'dave', 'legacy-only': 'erin', 'identity-center': 'BillingViewers' };
it('eyeball', () => {
  for (const f of readdirSync('test/fixtures/checks')) {
    const s = JSON.parse(readFileSync('test/fixtures/checks/' + f, 'utf8'));
    const name = f.replace('.json', '');
    const d = run(s, P[name] ?? defaultPrincipal(model(s))!, { tasks: ['home', 'bills', 'cost-explorer'] });
    console.log(`== ${name}: ${d.verdict}`);
    for (const c of d.checks) { console.log(`  ${c.status.padEnd(14)} ${c.id}: ${c.summary}`); for (const e of c.evidence) console.log('      E ' + JSON.stringify(e)); for (const r of c.remediation) console.log('      R ' + r.text + ' | ' + (r.command ?? '') + ' | ' + (r.verified ?? '')); }
    console.log('  actions: ' + d.actions.map(a => `${a.action}=${a.decision}${a.deniedBy ? '/' + a.deniedBy : ''}`).join(' '));
  }
});
