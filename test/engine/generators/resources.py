from common import *
C=[]
def one(name, src, pattern, resource, ok, key='Resource', action='s3:GetObject'):
    st = {'Sid':'S','Effect':'Allow','Action':action.split(':')[0] + ':*', key: pattern}
    C.append(case(name, src, action, ex('allowed' if ok else 'implicit-deny', [('identity','identity[0]','S','Allow')] if ok else []), identity=[doc(st)], resource=resource))
one('bucket/* covers nested objects', RES, 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b.txt', True)
one('ARNs are case-sensitive', RES, 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::Bucket/a', False)
one('bucket ARN does not cover its objects', RES, 'arn:aws:s3:::bucket', 'arn:aws:s3:::bucket/a', False)
one('bucket/* does not cover the bucket itself', RES, 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', False)
one('a dot in a resource pattern is literal', RES, 'arn:aws:s3:::my.bucket/*', 'arn:aws:s3:::myxbucket/a', False)
one('a dot in a resource pattern matches a dot', RES, 'arn:aws:s3:::my.bucket/*', 'arn:aws:s3:::my.bucket/a', True)
one('a plus in a resource pattern is literal', RES, 'arn:aws:s3:::a+b/*', 'arn:aws:s3:::aab/x', False)
one('a plus in a resource pattern matches a plus', RES, 'arn:aws:s3:::a+b/*', 'arn:aws:s3:::a+b/x', True)
one('parentheses in a resource pattern are literal', RES, 'arn:aws:s3:::b(1)/*', 'arn:aws:s3:::b(1)/x', True)
one('a caret and dollar in a resource pattern are literal', RES, 'arn:aws:s3:::^b$/*', 'arn:aws:s3:::^b$/x', True)
one('path wildcard for IAM users', RES, 'arn:aws:iam::111122223333:user/division_abc/*', 'arn:aws:iam::111122223333:user/division_abc/sub/alice', True, action='iam:GetUser')
one('? in a resource matches one character', RES, 'arn:aws:sqs:*:111122223333:queue?', 'arn:aws:sqs:us-east-1:111122223333:queue1', True)
one('? in a resource does not match two characters', RES, 'arn:aws:sqs:*:111122223333:queue?', 'arn:aws:sqs:us-east-1:111122223333:queue12', False)
one('* resource matches the * request resource', RES, '*', '*', True)
one('* resource matches any ARN', RES, '*', 'arn:aws:s3:::any/thing', True)
one('resource list is OR', RES, ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'], 'arn:aws:s3:::b/x', True)
one('resource list without a match', RES, ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'], 'arn:aws:s3:::c/x', False)
one('wildcard account segment', RES, 'arn:aws:iam::*:role/FinOps', 'arn:aws:iam::111122223333:role/FinOps', True, action='iam:GetRole')
one('wildcard region and account segments', RES, 'arn:aws:sqs:*:*:orders', 'arn:aws:sqs:eu-west-1:111122223333:orders', True)
one('a wildcard in one ARN segment does not span the next colon', RES, 'arn:aws:sqs:*:111122223333:orders', 'arn:aws:sqs:eu-west-1:444455556666:111122223333:orders', False)
one('Allow NotResource allows other resources', NOTRES, 'arn:aws:s3:::secret/*', 'arn:aws:s3:::public/x', True, key='NotResource')
one('Allow NotResource does not allow the listed resource', NOTRES, 'arn:aws:s3:::secret/*', 'arn:aws:s3:::secret/x', False, key='NotResource')
one('Allow NotResource is case-sensitive', NOTRES, 'arn:aws:s3:::secret/*', 'arn:aws:s3:::Secret/x', True, key='NotResource')
# Design 5: an ARN whose service part differs only in case is matched both ways; when the readings
# differ, the statement may apply (unknown). Only the service part: the rest stays case-sensitive.
def undecided(name, src, pattern, resource, key='Resource', action='s3:GetObject'):
    st = {'Sid':'S','Effect':'Allow','Action':action.split(':')[0] + ':*', key: pattern}
    e = ex('unknown', []); e['uncertain'] = [{'layer':'identity','source':'identity[0]','statement':'S','reason':'AWS does not document'}]
    C.append(case(name, src, action, e, identity=[doc(st)], resource=resource))
undecided('a resource ARN whose service part differs only in case is undecided', RES, 'arn:aws:S3:::bucket/*', 'arn:aws:s3:::bucket/a')
undecided('a request ARN whose service part differs only in case is undecided', RES, 'arn:aws:s3:::bucket/*', 'arn:aws:S3:::bucket/a')
undecided('NotResource with a service part differing only in case is undecided', NOTRES, 'arn:aws:S3:::secret/*', 'arn:aws:s3:::secret/x', key='NotResource')
one('the same upper-case service part on both sides matches', RES, 'arn:aws:S3:::bucket/*', 'arn:aws:S3:::bucket/a', True)
one('a service part in upper case does not hide another difference', RES, 'arn:aws:S3:::bucket/*', 'arn:aws:s3:::Bucket/a', False)
dn = doc(deny(resource=None, sid='OnlyAllowed', NotResource='arn:aws:s3:::allowed/*'))
C.append(case('Deny NotResource denies other resources', NOTRES, 's3:GetObject', ex('explicit-deny', [('identity','identity[1]','OnlyAllowed','Deny')]), identity=[FULL, dn], resource='arn:aws:s3:::other/x'))
C.append(case('Deny NotResource exempts the listed resource', NOTRES, 's3:GetObject', ex('allowed'), identity=[FULL, dn], resource='arn:aws:s3:::allowed/x'))
C.append(case('Deny NotAction with NotResource', NOTRES, 's3:GetObject', ex('allowed'),
  identity=[FULL, doc(deny(action=None, resource=None, sid='D', NotAction='iam:*', NotResource='arn:aws:s3:::ok/*'))], resource='arn:aws:s3:::ok/x'))
write('resources', C)
