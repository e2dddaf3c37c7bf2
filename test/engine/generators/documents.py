from common import *
import json, urllib.parse
C=[]
A='ce:GetCostAndUsage'
P=doc(allow('ce:*', sid='Ce'))
S=json.dumps(P)
U=urllib.parse.quote(S, safe='')
OK=lambda: ex('allowed', [('identity','identity[0]','Ce','Allow')], problems=None)
C.append(case('policy document as a JSON string', GRAMMAR, A, OK(), identity=[S]))
C.append(case('policy document URL-encoded, as IAM returns it', GPV, A, OK(), identity=[U]))
C.append(case('GAAD inline policy entry with a URL-encoded PolicyDocument', GAAD, A, OK(), identity=[{'PolicyName':'inline','PolicyDocument':U}]))
C.append(case('inline policy entry with an object PolicyDocument (CLI output)', GAAD, A, OK(), identity=[{'PolicyName':'inline','PolicyDocument':P}]))
C.append(case('GAAD PolicyVersion with a Document', GAAD, A, OK(), identity=[{'Document':U,'VersionId':'v2','IsDefaultVersion':True}]))
C.append(case('GAAD managed policy entry: the default version is used', GAAD, A, OK(), identity=[{'PolicyName':'p','Arn':'arn:aws:iam::111122223333:policy/p','DefaultVersionId':'v2','PolicyVersionList':[
  {'Document':doc(deny('ce:*', sid='Old')),'VersionId':'v1','IsDefaultVersion':False},{'Document':P,'VersionId':'v2','IsDefaultVersion':True}]}]))
C.append(case('get-policy-version output', GPV, A, OK(), identity=[{'PolicyVersion':{'Document':U,'VersionId':'v1','IsDefaultVersion':True}}]))
C.append(case('organizations describe-policy output', DESCRIBE, A, ex('allowed', [('identity','identity[0]','FullAWSAccess','Allow'),('scp','scp[0][0]','Ce','Allow')]), identity=[FULL],
  scp=[[{'Policy':{'PolicySummary':{'Id':'p-1','Name':'ce','Type':'SERVICE_CONTROL_POLICY'},'Content':S}}]]))
C.append(case('the .Policy object of describe-policy', DESCRIBE, A, ex('allowed'), identity=[FULL], scp=[[{'PolicySummary':{'Id':'p-1','Name':'ce'},'Content':S}]]))
C.append(case('a JSON string wrapping a wrapper', GPV, A, OK(), identity=[json.dumps({'PolicyDocument':P})]))
C.append(case('Principal is ignored in an identity policy', EVAL, A, OK(), identity=[doc(allow('ce:*', sid='Ce', Principal='*'))]))
C.append(case('Id element is accepted', GRAMMAR, A, OK(), identity=[{'Version':'2012-10-17','Id':'x','Statement':[allow('ce:*', sid='Ce')]}]))
# combined conditions
def cond_case(name, src, cond, ctx, ok, missing=None, principal=None):
    C.append(case(name, src, A, ex('allowed' if ok else 'implicit-deny', [('identity','identity[0]','C','Allow')] if ok else [], missing=missing), identity=[doc(allow('ce:*', sid='C', cond=cond))], context=ctx, principal=principal))
TWO={'StringEquals':{'aws:PrincipalTag/team':'finops','aws:RequestedRegion':'us-east-1'}}
cond_case('two keys in one operator: both match', COND, TWO, {'aws:PrincipalTag/team':'finops','aws:RequestedRegion':'us-east-1'}, True, [])
cond_case('two keys in one operator are AND: one fails', COND, TWO, {'aws:PrincipalTag/team':'dev','aws:RequestedRegion':'us-east-1'}, False, [])
cond_case('two keys, one missing and the other failing: nothing reported', COND, TWO, {'aws:PrincipalTag/team':'dev'}, False, [])
cond_case('two keys, one missing and the other matching: the missing one is reported', COND, TWO, {'aws:PrincipalTag/team':'finops'}, False, ['aws:RequestedRegion'])
cond_case('two keys, both missing: both reported', COND, TWO, None, False, ['aws:PrincipalTag/team','aws:RequestedRegion'])
OPS2={'StringEquals':{'aws:PrincipalTag/team':'finops'},'Bool':{'aws:MultiFactorAuthPresent':'true'}}
cond_case('two operators are AND: both match', COND, OPS2, {'aws:PrincipalTag/team':'finops','aws:MultiFactorAuthPresent':'true'}, True)
cond_case('two operators are AND: one fails', COND, OPS2, {'aws:PrincipalTag/team':'finops','aws:MultiFactorAuthPresent':'false'}, False)
SAME={'StringLike':{'aws:PrincipalTag/team':'fin*'},'StringNotLike':{'aws:PrincipalTag/team':'*-test'}}
cond_case('same key under two operators: both must hold', COND, SAME, {'aws:PrincipalTag/team':'finops'}, True)
cond_case('same key under two operators: second fails', COND, SAME, {'aws:PrincipalTag/team':'finops-test'}, False)
cond_case('condition key names are case-insensitive', COND, {'StringEquals':{'AWS:PRINCIPALTAG/TEAM':'finops'}}, {'aws:principaltag/team':'finops'}, True)
cond_case('condition values stay case-sensitive', COND, {'StringEquals':{'aws:PrincipalTag/team':'finops'}}, {'aws:PrincipalTag/team':'FINOPS'}, False)
cond_case('empty Condition object matches', COND, {}, None, True, [])
cond_case('aws:PrincipalArn derived from an IAM user principal', KEYS, {'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::111122223333:user/alice'}}, None, True, [], 'arn:aws:iam::111122223333:user/alice')
cond_case('aws:PrincipalArn of a session is the role ARN', KEYS, {'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/FinOps'}}, None, True, [], 'arn:aws:sts::111122223333:assumed-role/FinOps/alice')
cond_case('aws:PrincipalArn of a session is not the session ARN', KEYS, {'StringLike':{'aws:PrincipalArn':'arn:aws:sts::*'}}, None, False, [], 'arn:aws:sts::111122223333:assumed-role/FinOps/alice')
cond_case('aws:PrincipalAccount derived from the principal', KEYS, {'StringEquals':{'aws:PrincipalAccount':'111122223333'}}, None, True, [], 'arn:aws:iam::111122223333:user/alice')
cond_case('aws:username derived from an IAM user', KEYS, {'StringEquals':{'aws:username':'alice'}}, None, True, [], 'arn:aws:iam::111122223333:user/division/alice')
cond_case('aws:PrincipalType of an IAM user', KEYS, {'StringEquals':{'aws:PrincipalType':'User'}}, None, True, [], 'arn:aws:iam::111122223333:user/alice')
cond_case('aws:PrincipalType of a role session', KEYS, {'StringEquals':{'aws:PrincipalType':'AssumedRole'}}, None, True, [], 'arn:aws:sts::111122223333:assumed-role/FinOps/s')
cond_case('a root principal has no aws:username', KEYS, {'Null':{'aws:username':'true'}}, None, True, ['aws:username'], 'arn:aws:iam::111122223333:root')
PLUS=doc(allow('s3:*', 'arn:aws:s3:::a+b/*', sid='Ce'))
RAW=urllib.parse.quote(json.dumps(PLUS), safe='+')
C.append(case('URL-encoded document keeps a literal + (RFC 3986: spaces are %20)', GPV, 's3:GetObject', OK(), identity=[RAW], resource='arn:aws:s3:::a+b/x'))
write('documents', C)
