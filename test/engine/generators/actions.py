from common import *
C=[]
A='ce:GetCostAndUsage'
def one(name, src, pattern, action, ok, key='Action'):
    st = {'Sid':'S','Effect':'Allow', key: pattern, 'Resource':'*'}
    C.append(case(name, src, action, ex('allowed' if ok else 'implicit-deny', [('identity','identity[0]','S','Allow')] if ok else []), identity=[doc(st)]))
one('action wildcard ce:get* matches ce:GetCostAndUsage (case-insensitive)', ACTION, 'ce:get*', A, True)
one('action in upper case matches', ACTION, 'CE:GETCOSTANDUSAGE', A, True)
one('request action in odd case matches', ACTION, 'ce:GetCostAndUsage', 'CE:getcostandusage', True)
one('? matches exactly one character in an action', ACTION, 'ce:Get?ostAndUsage', A, True)
one('? does not match several characters', ACTION, 'ce:Get?AndUsage', A, False)
one('ce:* does not cover billing actions', ACTION, 'ce:*', 'billing:GetBillingData', False)
one('* covers every action', ACTION, '*', 'billing:GetBillingData', True)
one('action list is OR', ACTION, ['billing:Get*', 'ce:Describe*'], 'ce:DescribeReport', True)
one('a dot in an action pattern is literal', ACTION, 'ce:Get.*', A, False)
one('parentheses in an action pattern are literal', ACTION, 'ce:Get(Cost)*', A, False)
one('a plus in an action pattern is literal', ACTION, 'ce:Ge+tCostAndUsage', A, False)
one('billing:* does not cover billingconductor', ACTION, 'billing:*', 'billingconductor:ListBillingGroups', False)
one('suffix wildcard must match the end', ACTION, 'ce:*CostAndUsage', 'ce:GetCostAndUsageWithResources', False)
one('suffix wildcard matches', ACTION, 'ce:*CostAndUsage', A, True)
one('retired aws-portal action does not grant fine-grained billing action', ACTION, 'aws-portal:ViewBilling', 'billing:GetBillingData', False)
one('exact action does not match a longer action', ACTION, 'ce:GetCostAndUsage', 'ce:GetCostAndUsageWithResources', False)
one('wildcard in the middle', ACTION, 'ce:Get*Usage', A, True)
one('Allow NotAction iam:* allows a ce action', NOTACTION, 'iam:*', A, True, 'NotAction')
one('Allow NotAction ce:* does not allow a ce action', NOTACTION, 'ce:*', A, False, 'NotAction')
one('Allow NotAction is case-insensitive', NOTACTION, 'CE:GET*', A, False, 'NotAction')
one('Allow NotAction list', NOTACTION, ['iam:*', 'organizations:*'], 'billing:GetBillingData', True, 'NotAction')
# Deny NotAction
dn = doc(deny(action=None, sid='DenyAllButBilling', NotAction=['billing:*', 'ce:*']))
C.append(case('Deny NotAction exempts listed actions', NOTACTION, 'billing:GetBillingData', ex('allowed', [('identity','identity[0]','FullAWSAccess','Allow')]), identity=[FULL, dn]))
C.append(case('Deny NotAction denies everything else', NOTACTION, 'ec2:RunInstances', ex('explicit-deny', [('identity','identity[1]','DenyAllButBilling','Deny')]), identity=[FULL, dn]))
C.append(case('Deny NotAction match is case-insensitive', NOTACTION, 'CE:GetCostAndUsage', ex('allowed'), identity=[FULL, dn]))
# deny wins
C.append(case('explicit deny overrides an allow for the same action', EVAL, A,
  ex('explicit-deny', [('identity','identity[0]','NoCe','Deny')], layers={'identity':'explicit-deny','scp':'not-applicable','boundary':'not-applicable'}),
  identity=[doc(deny('ce:*', sid='NoCe'), allow('ce:*', sid='Ce'))]))
C.append(case('deny in one policy overrides allow in another', EVAL, A,
  ex('explicit-deny', [('identity','identity[1]','NoCe','Deny')]), identity=[FULL, doc(deny('ce:GetCost*', sid='NoCe'))]))
C.append(case('deny of another action does not affect this one', EVAL, A,
  ex('allowed', [('identity','identity[0]','FullAWSAccess','Allow')]), identity=[FULL, doc(deny('ce:Delete*', sid='NoDelete'))]))
C.append(case('no identity policy at all is an implicit deny', EVAL, A, ex('implicit-deny', [], layers={'identity':'implicit-deny','scp':'not-applicable','boundary':'not-applicable'}), identity=[]))
C.append(case('a statement given as an object, not an array', GRAMMAR, A, ex('allowed'), identity=[{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'ce:*','Resource':'*'}}]))
C.append(case('statement without Sid is named by its index', EVAL, A, ex('allowed', [('identity','identity[0]','#1','Allow')]),
  identity=[doc(allow('iam:*'), allow('ce:*'))]))
C.append(case('several allows all reported', EVAL, A, ex('allowed', [('identity','identity[0]','One','Allow'),('identity','identity[1]','Two','Allow')]),
  identity=[doc(allow('ce:*', sid='One')), doc(allow('*', sid='Two'))]))
write('actions', C)
