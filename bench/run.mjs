// Benchmark for `audit` (npm run bench): time grows linearly with principals, and the compile-once
// cache matters. Builds synthetic accounts of N and 4N principals, audits them, and prints ratios
// measured in this same run (targets: size ratio ≈ 4; the cache ratio > 1).
import { buildAccountModel } from '../dist/model/account.js';
import { auditAccount } from '../dist/checks/audit.js';
import { taskById } from '../dist/model/catalogue.js';
import { loadShippedManagedPolicies } from '../dist/sources/managed-policies.js';

const ACCOUNT = '111122223333';
const N = Number(process.env.BENCH_N ?? 200);
const shipped = loadShippedManagedPolicies();
const tasks = ['home', 'bills', 'cost-explorer'].map(taskById);
const AWS_MANAGED = ['ReadOnlyAccess', 'AWSBillingReadOnlyAccess', 'job-function/ViewOnlyAccess', 'PowerUserAccess']
  .map((n) => `arn:aws:iam::aws:policy/${n}`)
  .filter((arn) => shipped.has(arn));

const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
const customer = (i) => ({
  PolicyName: `Team${i}`,
  Arn: `arn:aws:iam::${ACCOUNT}:policy/Team${i}`,
  DefaultVersionId: 'v1',
  PolicyVersionList: [{
    VersionId: 'v1',
    IsDefaultVersion: true,
    Document: doc(
      { Sid: 'Work', Effect: 'Allow', Action: [`s3:Get*`, `ec2:Describe*`, `billing:Get*`, `ce:Get*`], Resource: '*' },
      { Sid: 'Tagged', Effect: 'Allow', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/team${i}-*`, Condition: { StringEquals: { 'aws:PrincipalTag/team': `t${i}` } } },
      { Sid: 'ForceMFA', Effect: 'Deny', NotAction: ['iam:*MFA*', 'sts:GetSessionToken'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
    ),
  }],
});

/** n principals: half users (in groups), half roles; shared managed policies, one inline each. */
function account(n) {
  const pool = Array.from({ length: 20 }, (_, i) => customer(i));
  const attach = (i) => [pool[i % pool.length], pool[(i * 7) % pool.length]].map((p) => ({ PolicyName: p.PolicyName, PolicyArn: p.Arn }))
    .concat(AWS_MANAGED.length ? [{ PolicyName: 'aws', PolicyArn: AWS_MANAGED[i % AWS_MANAGED.length] }] : []);
  const inline = (i) => [{ PolicyName: `own${i}`, PolicyDocument: doc({ Effect: 'Allow', Action: [`logs:*`, `invoicing:List*`], Resource: '*' }) }];
  const users = Array.from({ length: n / 2 }, (_, i) => ({
    UserName: `user${i}`, Arn: `arn:aws:iam::${ACCOUNT}:user/user${i}`, Path: '/', GroupList: [`group${i % 10}`], UserPolicyList: inline(i), AttachedManagedPolicies: attach(i),
  }));
  const roles = Array.from({ length: n / 2 }, (_, i) => ({
    RoleName: `role${i}`, Arn: `arn:aws:iam::${ACCOUNT}:role/role${i}`, Path: '/', RolePolicyList: inline(i), AttachedManagedPolicies: attach(i + 3),
  }));
  const groups = Array.from({ length: 10 }, (_, i) => ({ GroupName: `group${i}`, Arn: `arn:aws:iam::${ACCOUNT}:group/group${i}`, GroupPolicyList: inline(100 + i), AttachedManagedPolicies: attach(i + 5) }));
  const scp = (id, name, d) => ({ PolicySummary: { Id: id, Name: name }, Content: JSON.stringify(d) });
  const full = scp('p-FullAWSAccess', 'FullAWSAccess', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
  return {
    billingAccessSnapshot: 1,
    account: { id: ACCOUNT, iamUserAccessToBilling: 'enabled' },
    users: Object.fromEntries(users.map((u) => [u.UserName, { consolePassword: true, mfaDevices: 1 }])),
    organizations: {
      organization: { Id: 'o-bench', MasterAccountId: '999988887777', FeatureSet: 'ALL' },
      account: { Id: ACCOUNT, JoinedMethod: 'CREATED' },
      parents: [{ Id: 'ou-bench', Type: 'ORGANIZATIONAL_UNIT' }, { Id: 'r-bench', Type: 'ROOT' }],
      policies: {
        'r-bench': [full, scp('p-region', 'EuOnly', doc({ Effect: 'Deny', NotAction: ['iam:*', 'ce:*', 'billing:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } }))],
        'ou-bench': [full],
        [ACCOUNT]: [full],
      },
    },
    iam: { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: pool },
  };
}

/** Milliseconds to index the account (compile every policy once) and to audit it. */
function time(n, options = {}) {
  const snapshot = account(n);
  const t0 = process.hrtime.bigint();
  const model = buildAccountModel(snapshot, shipped, options);
  const t1 = process.hrtime.bigint();
  const rows = auditAccount(model, tasks, { actionSet: 'fine-grained' });
  const t2 = process.hrtime.bigint();
  if (rows.length !== n) throw new Error(`expected ${n} rows, got ${rows.length}`);
  return { build: Number(t1 - t0) / 1e6, audit: Number(t2 - t1) / 1e6, total: Number(t2 - t0) / 1e6 };
}

/** Median by total time. */
const median = (times) => [...times].sort((a, b) => a.total - b.total)[Math.floor(times.length / 2)];

// Interleaved runs after a warm-up, so JIT, GC and other load on the machine hit every size alike.
time(N);
time(4 * N);
const runs = { small: [], large: [], uncached: [] };
for (let i = 0; i < 5; i++) {
  runs.small.push(time(N));
  runs.large.push(time(4 * N));
  if (i < 3) runs.uncached.push(time(N, { recompile: true }));
}
const small = median(runs.small);
const large = median(runs.large);
const uncached = median(runs.uncached);
const fmt = (t) => `${t.total.toFixed(0)} ms (index ${t.build.toFixed(0)} ms + audit ${t.audit.toFixed(0)} ms)`;
console.log(`audit of ${tasks.map((t) => t.id).join(', ')}; ${AWS_MANAGED.length} shipped AWS managed policies in use`);
console.log(`  N  = ${String(N).padStart(5)} principals: ${fmt(small)}`);
console.log(`  4N = ${String(4 * N).padStart(5)} principals: ${fmt(large)}`);
console.log(`  size ratio 4N/N: total ${(large.total / small.total).toFixed(2)}, audit alone ${(large.audit / small.audit).toFixed(2)}  (linear ≈ 4)`);
console.log(`  N with every policy compiled again per use: ${fmt(uncached)}`);
console.log(`  compile-once cache speed-up at N: ${(uncached.total / small.total).toFixed(1)}×`);
