// Engine evaluations per second (run by bench/run.mjs; prints JSON): every principal of a generated
// 1,000-principal account × every action of every page. `precompiled`: policies compiled once and
// the context prepared once per principal (evaluatePrepared, as doctor and audit use it);
// `perRequestContext`: the public `evaluate`, which prepares the context for every request;
// `recompiled`: every policy compiled again for every request.
import { compilePolicy, evaluate, evaluatePrepared, prepareContext } from '../dist/engine/index.js';
import { buildAccountModel } from '../dist/model/account.js';
import { principalLayers } from '../dist/checks/context.js';
import { TASKS, taskActions } from '../dist/model/catalogue.js';
import { principalOf } from '../dist/model/principal.js';
import { loadShippedManagedPolicies } from '../dist/sources/managed-policies.js';
import { generateSnapshot } from './generate.mjs';

const context = { 'aws:SecureTransport': ['true'], 'aws:RequestedRegion': ['us-east-1'], 'aws:MultiFactorAuthPresent': ['true'], 'aws:CurrentTime': ['2026-01-15T12:00:00Z'] };
const model = buildAccountModel(generateSnapshot(1000), loadShippedManagedPolicies());
const actions = [...new Set(TASKS.flatMap((t) => taskActions(t, 'fine-grained')))];
const principals = [...model.users.values(), ...model.roles.values()].map((e) => {
  const principal = principalOf(e, model);
  return { arn: principal.arn, layers: principalLayers(model, principal).layers, prepared: prepareContext(context, principal.arn) };
});

const recompile = (p) => compilePolicy({ source: p.source, document: p.document });
function recompiled(layers) {
  return {
    identity: layers.identity.map(recompile),
    ...(layers.scpLevels ? { scpLevels: layers.scpLevels.map((l) => l.map(recompile)), scpLevelNames: layers.scpLevelNames } : {}),
    ...(layers.boundary ? { boundary: recompile(layers.boundary) } : {}),
  };
}

/** Evaluations per second over about `ms` milliseconds, cycling through principals × actions. */
function rate(ms, one) {
  let count = 0;
  const start = performance.now();
  for (let i = 0; count % 64 !== 0 || performance.now() - start < ms; i++) {
    one(principals[Math.floor(i / actions.length) % principals.length], actions[i % actions.length]);
    count++;
  }
  return (count / (performance.now() - start)) * 1000;
}

const prepared = (p, action) => evaluatePrepared(action, '*', p.prepared, p.layers);
const perRequest = (p, action) => evaluate({ action, resource: '*', principalArn: p.arn, context }, p.layers);
const fresh = (p, action) => evaluate({ action, resource: '*', principalArn: p.arn, context }, recompiled(p.layers));
rate(300, prepared); // warm-up
const result = { precompiled: rate(1500, prepared), perRequestContext: rate(1000, perRequest), recompiled: rate(1000, fresh) };
process.stdout.write(JSON.stringify({ ...result, principals: principals.length, actions: actions.length }));
