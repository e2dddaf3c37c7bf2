"""
Helpers for the hand-written engine cases (actions.py, resources.py, variables.py, layers.py,
documents.py, invalid.py). Each script states every expected decision by hand, from the AWS page
it cites; the engine is never run here. Re-run a script after editing it: python3 <script>.py
"""
import json, os
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'cases')
EVAL='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html'
ACTION='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html'
NOTACTION='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html'
RES='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html'
NOTRES='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html'
VARS='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html'
COND='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html'
OPS='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html'
KEYS='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html'
SCP='https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_inheritance_auth.html'
SCPS='https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html'
BOUND='https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html'
GRAMMAR='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html'
VERSION='https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html'
GPV='https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html'
GAAD='https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html'
DESCRIBE='https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html'
ACCT='111122223333'

def doc(*statements, version='2012-10-17'):
    d = {'Statement': list(statements)}
    if version: d = {'Version': version, **d}
    return d
def allow(action='*', resource='*', sid=None, cond=None, **kw):
    s = {}
    if sid: s['Sid'] = sid
    s['Effect'] = 'Allow'
    if action is not None: s['Action'] = action
    if resource is not None: s['Resource'] = resource
    if cond: s['Condition'] = cond
    s.update(kw)
    return s
def deny(action='*', resource='*', sid=None, cond=None, **kw):
    s = allow(action, resource, sid, cond, **kw); s['Effect'] = 'Deny'; return s
FULL = doc(allow(sid='FullAWSAccess'))
def case(name, source, action, expect, identity=None, scp=None, boundary=None, resource=None, principal=None, context=None):
    req = {'action': action}
    if resource is not None: req['resource'] = resource
    if principal: req['principalArn'] = principal
    if context: req['context'] = context
    pol = {}
    if identity is not None: pol['identity'] = identity
    if scp is not None: pol['scpLevels'] = scp
    if boundary is not None: pol['boundary'] = boundary
    return {'name': name, 'source': source, 'request': req, 'policies': pol, 'expect': expect}
def ex(decision, statements=None, layers=None, missing=None, problems=None):
    e = {'decision': decision}
    if layers: e['layers'] = layers
    if statements is not None: e['statements'] = [dict(zip(['layer','source','statement','effect'], s)) for s in statements]
    if missing is not None: e['missingContextKeys'] = missing
    if problems is not None: e['problems'] = problems
    return e
def write(name, cases):
    json.dump(cases, open(os.path.join(OUT, name + '.json'),'w'), indent=1)
    open(os.path.join(OUT, name + '.json'),'a').write('\n')
    print(name, len(cases))
