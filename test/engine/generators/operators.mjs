#!/usr/bin/env node
/**
 * Writes test/engine/cases/operators.json from the hand-written table below.
 *
 * Every row states, by hand, whether ONE condition matches a request, following the AWS page in
 * its `doc`; the script only wraps each row in two policies whose outcome follows from the
 * evaluation logic (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 *   A. Allow with the condition          → matches ? allowed : implicit-deny
 *   B. Allow * plus Deny with the condition → matches ? explicit-deny : allowed
 * and, when the request lacks the key, expects it in missingContextKeys (the statement's action and
 * resource match and its only condition rests on that key: see evaluate.ts).
 * A row whose answer AWS does not document (design section 5: the engine's two readings disagree)
 * says UNDOCUMENTED: both policies are then `unknown`, with the conditioned statement uncertain.
 * The engine is never run here. Re-run after editing: node test/engine/generators/operators.mjs
 */
import { writeFileSync } from 'node:fs';

const OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const SETS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html';
const ARNS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN';
const ABSENT = null;
const UNDOCUMENTED = 'unknown';

// [operator, key, policy value(s), request value(s) or ABSENT, condition matches? (or UNDOCUMENTED), doc]
const rows = [
  // String
  ['StringEquals', 'aws:PrincipalTag/team', 'finops', 'finops', true, OPS],
  ['StringEquals', 'aws:PrincipalTag/team', 'finops', 'FinOps', false, OPS], // case-sensitive
  ['StringEquals', 'aws:PrincipalTag/team', 'finops', ABSENT, false, OPS],
  ['StringEquals', 'aws:PrincipalTag/team', ['dev', 'finops'], 'finops', true, OPS], // policy values OR'ed
  ['StringEquals', 'aws:PrincipalTag/team', ['dev', 'ops'], 'finops', false, OPS],
  ['StringEquals', 'aws:PrincipalTag/team', 'fin*', 'finops', false, OPS], // no wildcards in Equals
  ['StringEquals', 'aws:PrincipalTag/team', 'fin*', 'fin*', true, OPS],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'finops', ABSENT, true, OPS],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'finops', 'dev', false, OPS],
  ['StringEqualsIfExists', 'aws:PrincipalTag/team', 'finops', 'finops', true, OPS],
  ['StringNotEquals', 'aws:RequestedRegion', 'us-east-1', 'us-east-1', false, OPS],
  ['StringNotEquals', 'aws:RequestedRegion', 'us-east-1', 'eu-west-1', true, OPS],
  ['StringNotEquals', 'aws:RequestedRegion', 'us-east-1', ABSENT, true, OPS], // negated matches a missing key
  ['StringNotEquals', 'aws:RequestedRegion', ['eu-west-1', 'eu-central-1'], 'us-east-1', true, OPS],
  ['StringNotEquals', 'aws:RequestedRegion', ['eu-west-1', 'us-east-1'], 'us-east-1', false, OPS],
  ['StringNotEqualsIfExists', 'aws:RequestedRegion', 'us-east-1', ABSENT, true, OPS],
  ['StringNotEqualsIfExists', 'aws:RequestedRegion', 'us-east-1', 'us-east-1', false, OPS],
  ['StringNotEqualsIfExists', 'aws:RequestedRegion', 'us-east-1', 'eu-west-1', true, OPS],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'FINOPS', 'finops', true, OPS],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'FINOPS', 'dev', false, OPS],
  ['StringEqualsIgnoreCase', 'aws:PrincipalTag/team', 'FINOPS', ABSENT, false, OPS],
  ['StringEqualsIgnoreCaseIfExists', 'aws:PrincipalTag/team', 'FINOPS', ABSENT, true, OPS],
  ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'FINOPS', 'finops', false, OPS],
  ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'FINOPS', 'dev', true, OPS],
  ['StringNotEqualsIgnoreCase', 'aws:PrincipalTag/team', 'FINOPS', ABSENT, true, OPS],
  ['StringLike', 'aws:PrincipalTag/team', 'fin*', 'finops', true, OPS],
  ['StringLike', 'aws:PrincipalTag/team', 'fin*', 'FINOPS', false, OPS], // case-sensitive
  ['StringLike', 'aws:PrincipalTag/team', 'fin?ps', 'finops', true, OPS],
  ['StringLike', 'aws:PrincipalTag/team', 'fin?ps', 'finoops', false, OPS], // ? is exactly one character
  ['StringLike', 'aws:PrincipalTag/team', 'a.b', 'axb', false, OPS], // . is literal
  ['StringLike', 'aws:PrincipalTag/team', 'a.b', 'a.b', true, OPS],
  ['StringLike', 'aws:PrincipalTag/team', 'a+b', 'aab', false, OPS], // + is literal
  ['StringLike', 'aws:PrincipalTag/team', '(team)|x', '(team)|x', true, OPS],
  ['StringLike', 'aws:PrincipalTag/team', '(team)|x', 'team', false, OPS],
  ['StringLike', 'aws:PrincipalTag/team', '[ab]', 'a', false, OPS], // brackets are literal
  ['StringLike', 'aws:PrincipalTag/team', '*', ABSENT, false, OPS],
  ['StringLike', 'aws:PrincipalTag/team', '*', '', true, OPS],
  ['StringLikeIfExists', 'aws:PrincipalTag/team', 'fin*', ABSENT, true, OPS],
  ['StringLikeIfExists', 'aws:PrincipalTag/team', 'fin*', 'dev', false, OPS],
  ['StringNotLike', 'aws:PrincipalTag/team', 'fin*', 'finops', false, OPS],
  ['StringNotLike', 'aws:PrincipalTag/team', 'fin*', 'dev', true, OPS],
  ['StringNotLike', 'aws:PrincipalTag/team', 'fin*', ABSENT, true, OPS],
  ['StringNotLikeIfExists', 'aws:PrincipalTag/team', 'fin*', ABSENT, true, OPS],
  ['StringNotLikeIfExists', 'aws:PrincipalTag/team', 'fin*', 'finance', false, OPS],
  // Numeric
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '100', true, OPS],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '3600', false, OPS],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', '7200', false, OPS],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', ABSENT, false, OPS],
  ['NumericLessThan', 'aws:MultiFactorAuthAge', 3600, '100', true, OPS], // JSON number in the policy
  ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', 'soon', false, OPS],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', '3600', true, OPS],
  ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', '3601', false, OPS],
  ['NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', '3601', true, OPS],
  ['NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', '3600', false, OPS],
  ['NumericGreaterThan', 'aws:MultiFactorAuthAge', '3600', ABSENT, false, OPS],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '3600', '3600', true, OPS],
  ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '3600', '1', false, OPS],
  ['NumericEquals', 'test:Count', '10', '10', true, OPS],
  ['NumericEquals', 'test:Count', '10', '10.0', true, OPS], // compared as numbers
  ['NumericEquals', 'test:Count', '10', '11', false, OPS],
  ['NumericEquals', 'test:Count', ['1', '10'], '10', true, OPS],
  ['NumericNotEquals', 'test:Count', '10', '10', false, OPS],
  ['NumericNotEquals', 'test:Count', '10', '11', true, OPS],
  ['NumericNotEquals', 'test:Count', '10', ABSENT, true, OPS],
  ['NumericLessThanIfExists', 'aws:MultiFactorAuthAge', '3600', ABSENT, true, OPS],
  ['NumericLessThanIfExists', 'aws:MultiFactorAuthAge', '3600', '7200', false, OPS],
  ['NumericGreaterThanIfExists', 'aws:MultiFactorAuthAge', '3600', '7200', true, OPS],
  // Date
  ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2026-11-26T00:00:00Z', true, OPS],
  ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2019-12-31T23:59:59Z', false, OPS],
  ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', ABSENT, false, OPS],
  ['DateGreaterThan', 'aws:CurrentTime', '1577836800', '2026-11-26T00:00:00Z', true, OPS], // epoch seconds in the policy
  ['DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2019-06-01T00:00:00Z', true, OPS],
  ['DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false, OPS],
  ['DateLessThanEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true, OPS],
  ['DateGreaterThanEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true, OPS],
  ['DateEquals', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true, OPS],
  ['DateEquals', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', '1577836800', true, OPS], // same instant as epoch seconds
  ['DateEquals', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', '2020-01-01T00:00:01Z', false, OPS],
  ['DateNotEquals', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false, OPS],
  ['DateNotEquals', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', ABSENT, true, OPS],
  ['DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', ABSENT, true, OPS],
  ['DateLessThanIfExists', 'aws:TokenIssueTime', '2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z', false, OPS],
  // Bool
  ['Bool', 'aws:MultiFactorAuthPresent', 'true', 'true', true, OPS],
  ['Bool', 'aws:MultiFactorAuthPresent', 'true', 'false', false, OPS],
  ['Bool', 'aws:MultiFactorAuthPresent', 'true', ABSENT, false, OPS],
  ['Bool', 'aws:MultiFactorAuthPresent', 'false', ABSENT, false, OPS], // the classic pitfall: absent is not false
  ['Bool', 'aws:MultiFactorAuthPresent', 'false', 'false', true, OPS],
  ['Bool', 'aws:MultiFactorAuthPresent', true, 'true', true, OPS], // JSON boolean in the policy
  ['Bool', 'aws:SecureTransport', false, 'true', false, OPS],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', ABSENT, true, OPS],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', 'true', false, OPS],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'false', 'false', true, OPS],
  ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', 'true', true, OPS],
  // Binary
  ['BinaryEquals', 'test:Blob', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', true, OPS],
  ['BinaryEquals', 'test:Blob', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'b3RoZXI=', false, OPS],
  ['BinaryEquals', 'test:Blob', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', ABSENT, false, OPS],
  ['BinaryEqualsIfExists', 'test:Blob', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', ABSENT, true, OPS],
  ['BinaryEqualsIfExists', 'test:Blob', 'QmluYXJ5VmFsdWVJbkJhc2U2NA==', 'b3RoZXI=', false, OPS],
  // IP
  ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.113.7', true, OPS],
  ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.114.1', false, OPS],
  ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', ABSENT, false, OPS],
  ['IpAddress', 'aws:SourceIp', '203.0.113.5', '203.0.113.5', true, OPS], // a bare address is a /32
  ['IpAddress', 'aws:SourceIp', '203.0.113.5', '203.0.113.6', false, OPS],
  ['IpAddress', 'aws:SourceIp', '0.0.0.0/0', '198.51.100.9', true, OPS],
  ['IpAddress', 'aws:SourceIp', '2001:DB8:1234:5678::/64', '2001:db8:1234:5678::1', true, OPS],
  ['IpAddress', 'aws:SourceIp', '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false, OPS],
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', '2001:db8::1', false, OPS], // v4 range never holds a v6 address
  ['IpAddress', 'aws:SourceIp', ['203.0.113.0/24', '2001:DB8::/32'], '2001:db8::5', true, OPS],
  ['IpAddressIfExists', 'aws:SourceIp', '203.0.113.0/24', ABSENT, true, OPS],
  ['IpAddressIfExists', 'aws:SourceIp', '203.0.113.0/24', '198.51.100.1', false, OPS],
  ['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', '198.51.100.1', true, OPS],
  ['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', '203.0.113.200', false, OPS],
  ['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24', ABSENT, true, OPS],
  ['NotIpAddress', 'aws:SourceIp', '2001:DB8::/32', '2001:db9::1', true, OPS],
  ['NotIpAddressIfExists', 'aws:SourceIp', '203.0.113.0/24', ABSENT, true, OPS],
  ['NotIpAddressIfExists', 'aws:SourceIp', '203.0.113.0/24', '203.0.113.1', false, OPS],
  // ARN
  ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/FinOps', 'arn:aws:iam::111122223333:role/FinOps', true, OPS],
  ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/FinOps', 'arn:aws:iam::111122223333:role/Dev', false, OPS],
  ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::*:role/FinOps', 'arn:aws:iam::111122223333:role/FinOps', true, OPS], // wildcards in ArnEquals too
  ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/FinOps', ABSENT, false, OPS],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/FinOps*', 'arn:aws:iam::111122223333:role/FinOpsAdmin', true, OPS],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/*', 'arn:aws:iam::111122223333:role/team/Dev', true, OPS],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/FinOps', 'arn:aws:iam::111122223333:role/finops', false, OPS], // case-sensitive
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/FinOps', 'FinOps', false, OPS],
  ['ArnLike', 'aws:SourceArn', 'arn:aws:*:us-east-1:111122223333:*', 'arn:aws:sqs:us-east-1:111122223333:queue1', true, OPS],
  ['ArnLike', 'aws:SourceArn', 'arn:aws:*:us-east-1:111122223333:*', 'arn:aws:sqs:eu-west-1:111122223333:queue1', false, OPS],
  ['ArnLike', 'aws:SourceArn', 'arn:aws:sqs:*:111122223333:queue1', 'arn:aws:sqs:us-east-1:extra:111122223333:queue1', false, OPS], // * stays in its segment
  // The page's own example: ArnLike checks the six components separately, StringLike does not.
  ['ArnLike', 'aws:SourceArn', 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt', false, OPS],
  ['StringLike', 'aws:SourceArn', 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt', true, OPS],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/FinOps', ABSENT, false, OPS],
  ['ArnLikeIfExists', 'aws:PrincipalArn', 'arn:aws:iam::*:role/FinOps', ABSENT, true, OPS],
  ['ArnLikeIfExists', 'aws:PrincipalArn', 'arn:aws:iam::*:role/FinOps', 'arn:aws:iam::111122223333:role/Dev', false, OPS],
  ['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin', 'arn:aws:iam::111122223333:role/Dev', true, OPS],
  ['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin', 'arn:aws:iam::111122223333:role/Admin', false, OPS],
  ['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin', ABSENT, true, OPS],
  ['ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/Admin', 'arn:aws:iam::111122223333:role/Admin', false, OPS],
  ['ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/Admin', ABSENT, true, OPS],
  ['ArnNotLikeIfExists', 'aws:PrincipalArn', 'arn:aws:iam::*:role/Admin', ABSENT, true, OPS],
  // Null
  ['Null', 'aws:MultiFactorAuthAge', 'true', ABSENT, true, OPS],
  ['Null', 'aws:MultiFactorAuthAge', 'true', '30', false, OPS],
  ['Null', 'aws:MultiFactorAuthAge', 'false', ABSENT, false, OPS],
  ['Null', 'aws:MultiFactorAuthAge', 'false', '30', true, OPS],
  ['Null', 'aws:MultiFactorAuthAge', true, ABSENT, true, OPS],
  ['Null', 'aws:TokenIssueTime', 'true', '2020-01-01T00:00:00Z', false, OPS],
  // Set operators over multivalued keys
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['team', 'env'], ['team'], true, SETS],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['team', 'env'], ['team', 'env'], true, SETS],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['team', 'env'], ['team', 'owner'], false, SETS],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['team', 'env'], ABSENT, true, SETS],
  ['ForAllValues:StringEquals', 'aws:TagKeys', ['team', 'env'], [], true, SETS], // empty data set
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['team', 'env'], ['owner', 'team'], true, SETS],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['team', 'env'], ['owner'], false, SETS],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['team', 'env'], ABSENT, false, SETS],
  ['ForAnyValue:StringEquals', 'aws:TagKeys', ['team', 'env'], [], false, SETS],
  ['ForAllValues:StringLike', 'aws:TagKeys', 'team-*', ['team-a', 'team-b'], true, SETS],
  ['ForAllValues:StringLike', 'aws:TagKeys', 'team-*', ['team-a', 'owner'], false, SETS],
  ['ForAnyValue:StringLike', 'aws:TagKeys', 'team-*', ['owner', 'team-x'], true, SETS],
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', 'team', ['team', 'env'], true, SETS], // env is not team
  ['ForAnyValue:StringNotEquals', 'aws:TagKeys', 'team', ['team'], false, SETS],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['team', 'env'], ['owner', 'cost'], true, SETS],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['team', 'env'], ['owner', 'team'], false, SETS],
  ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['team', 'env'], ABSENT, true, SETS],
  ['ForAnyValue:StringEqualsIgnoreCase', 'aws:TagKeys', 'TEAM', ['env', 'team'], true, SETS],
  ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'team', ABSENT, UNDOCUMENTED, OPS],
  ['ForAllValues:NumericLessThan', 'test:Counts', '10', ['1', '5'], true, SETS],
  ['ForAllValues:NumericLessThan', 'test:Counts', '10', ['1', '50'], false, SETS],
  ['ForAnyValue:NumericGreaterThan', 'test:Counts', '10', ['1', '50'], true, SETS],
  ['ForAnyValue:NumericGreaterThan', 'test:Counts', '10', ABSENT, false, SETS],
  ['ForAnyValue:DateGreaterThan', 'test:Dates', '2020-01-01T00:00:00Z', ['2019-01-01T00:00:00Z', '2021-01-01T00:00:00Z'], true, SETS],
  ['ForAllValues:DateGreaterThan', 'test:Dates', '2020-01-01T00:00:00Z', ['2019-01-01T00:00:00Z', '2021-01-01T00:00:00Z'], false, SETS],
  ['ForAnyValue:Bool', 'test:Flags', 'true', ['false', 'true'], true, SETS],
  ['ForAllValues:Bool', 'test:Flags', 'true', ['false', 'true'], false, SETS],
  ['ForAnyValue:BinaryEquals', 'test:Blobs', 'QmluYXJ5', ['b3RoZXI=', 'QmluYXJ5'], true, SETS],
  ['ForAllValues:BinaryEquals', 'test:Blobs', 'QmluYXJ5', ['b3RoZXI=', 'QmluYXJ5'], false, SETS],
  ['ForAnyValue:IpAddress', 'test:Ips', '10.0.0.0/8', ['192.168.1.1', '10.1.2.3'], true, SETS],
  ['ForAllValues:IpAddress', 'test:Ips', '10.0.0.0/8', ['192.168.1.1', '10.1.2.3'], false, SETS],
  ['ForAnyValue:NotIpAddress', 'test:Ips', '10.0.0.0/8', ['10.1.1.1', '192.168.1.1'], true, SETS],
  ['ForAllValues:NotIpAddress', 'test:Ips', '10.0.0.0/8', ['10.1.1.1', '192.168.1.1'], false, SETS],
  ['ForAnyValue:ArnLike', 'test:Arns', 'arn:aws:iam::*:role/A', ['arn:aws:iam::111122223333:role/B', 'arn:aws:iam::111122223333:role/A'], true, SETS],
  ['ForAllValues:ArnLike', 'test:Arns', 'arn:aws:iam::*:role/A', ['arn:aws:iam::111122223333:role/B', 'arn:aws:iam::111122223333:role/A'], false, SETS],
  ['ForAllValues:ArnNotLike', 'test:Arns', 'arn:aws:iam::*:role/Admin', ['arn:aws:iam::111122223333:role/B', 'arn:aws:iam::111122223333:role/A'], true, SETS],
  ['ForAnyValue:ArnLike', 'test:Arns', 'arn:aws:iam::*:role/A', ABSENT, false, SETS],
  // IfExists with set operators: present multivalued keys are tested as usual; an absent key passes
  // ForAllValues either way, but IfExists (true) and ForAnyValue (false) disagree: AWS names no winner
  ['ForAllValues:StringLikeIfExists', 'aws:TagKeys', 'team-*', ['team-a', 'x'], false, OPS],
  ['ForAllValues:StringLikeIfExists', 'aws:TagKeys', 'team-*', ['team-a', 'team-b'], true, OPS],
  ['ForAnyValue:NumericLessThanIfExists', 'test:Counts', '10', ['50', '5'], true, OPS],
  ['ForAllValues:NumericLessThanIfExists', 'test:Counts', '10', ABSENT, true, OPS],
  ['ForAnyValue:DateLessThanIfExists', 'test:Dates', '2020-01-01T00:00:00Z', ['2021-01-01T00:00:00Z'], false, OPS],
  ['ForAnyValue:DateLessThanIfExists', 'test:Dates', '2020-01-01T00:00:00Z', ABSENT, UNDOCUMENTED, OPS],
  ['ForAnyValue:BoolIfExists', 'test:Flags', 'true', ['false'], false, OPS],
  ['ForAnyValue:BoolIfExists', 'test:Flags', 'true', ABSENT, UNDOCUMENTED, OPS],
  ['ForAnyValue:BinaryEqualsIfExists', 'test:Blobs', 'QmluYXJ5', ['QmluYXJ5'], true, OPS],
  ['ForAnyValue:BinaryEqualsIfExists', 'test:Blobs', 'QmluYXJ5', ABSENT, UNDOCUMENTED, OPS],
  ['ForAnyValue:IpAddressIfExists', 'test:Ips', '10.0.0.0/8', ['192.168.1.1', '10.0.0.1'], true, OPS],
  ['ForAnyValue:IpAddressIfExists', 'test:Ips', '10.0.0.0/8', ABSENT, UNDOCUMENTED, OPS],
  ['ForAllValues:ArnLikeIfExists', 'test:Arns', 'arn:aws:iam::*:role/A', ABSENT, true, OPS],
  ['ForAllValues:ArnLikeIfExists', 'test:Arns', 'arn:aws:iam::*:role/A', ['arn:aws:iam::111122223333:role/B'], false, OPS],
  ['ForAllValues:StringNotEqualsIfExists', 'aws:TagKeys', 'team', ['team'], false, OPS],
  ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'team', [], UNDOCUMENTED, OPS], // empty set = absent
  // Design 5, a plain operator on a key with several values: AWS says to use a set operator and
  // documents no answer without one. Any value matching vs every value: known only when they agree.
  ['StringEquals', 'aws:TagKeys', 'team', ['team', 'env'], UNDOCUMENTED, SETS],
  ['StringEquals', 'aws:TagKeys', ['team', 'env'], ['team', 'env'], true, SETS],
  ['StringEquals', 'aws:TagKeys', 'team', ['owner', 'env'], false, SETS],
  ['StringNotEquals', 'aws:TagKeys', 'team', ['team', 'env'], UNDOCUMENTED, SETS],
  ['StringNotEquals', 'aws:TagKeys', 'team', ['owner', 'env'], true, SETS],
  ['StringLike', 'aws:TagKeys', 'team-*', ['team-a', 'team-b'], true, SETS],
  ['StringLikeIfExists', 'aws:TagKeys', 'team-*', ['team-a', 'owner'], UNDOCUMENTED, SETS],
  ['NumericLessThan', 'test:Counts', '10', ['5', '50'], UNDOCUMENTED, SETS],
  ['IpAddress', 'test:Ips', '10.0.0.0/8', ['10.0.0.1', '192.168.1.1'], UNDOCUMENTED, SETS],
  ['ArnLike', 'test:Arns', 'arn:aws:iam::*:role/A', ['arn:aws:iam::111122223333:role/A', 'arn:aws:iam::111122223333:role/B'], UNDOCUMENTED, SETS],
  // Design 5, a request value not of the operator's type: it matches no policy value, or the whole
  // condition fails. A positive operator is false either way; a negated one is undocumented.
  ['NumericLessThan', 'test:Count', '10', 'abc', false, OPS],
  ['NumericNotEquals', 'test:Count', '10', 'abc', UNDOCUMENTED, OPS],
  ['NumericGreaterThanIfExists', 'aws:MultiFactorAuthAge', '3600', 'abc', false, OPS],
  ['DateGreaterThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z', 'yesterday', false, OPS],
  ['DateNotEquals', 'aws:CurrentTime', '2020-01-01T00:00:00Z', 'yesterday', UNDOCUMENTED, OPS],
  ['Bool', 'aws:SecureTransport', 'true', 'yes', false, OPS],
  ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', 'not-an-ip', false, OPS],
  ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', 'not-an-ip', UNDOCUMENTED, OPS],
  ['ForAnyValue:NumericLessThan', 'test:Counts', '10', ['5', 'abc'], UNDOCUMENTED, SETS],
  ['ForAllValues:NumericNotEquals', 'test:Counts', '10', ['5', 'abc'], UNDOCUMENTED, SETS],
  ['ForAllValues:NumericLessThan', 'test:Counts', '10', ['5', 'abc'], false, SETS],
  // Design 5, an ARN whose service part differs only in case: ARN operators are case-sensitive
  // (condition operators page, ARN section) but AWS does not say whether the service part is.
  ['ArnEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/A', 'arn:aws:IAM::111122223333:role/A', UNDOCUMENTED, ARNS],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:IAM::*:role/A', 'arn:aws:iam::111122223333:role/A', UNDOCUMENTED, ARNS],
  ['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/A', 'arn:aws:IAM::111122223333:role/A', UNDOCUMENTED, ARNS],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:IAM::*:role/A', 'arn:aws:IAM::111122223333:role/A', true, ARNS],
  ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/A', 'arn:aws:iam::111122223333:role/a', false, ARNS], // resource part
  ['ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111122223333:role/A', 'arn:aws:IAM::111122223333:role/B', true, ARNS],
  // Null on a multivalued key: it is present
  ['Null', 'aws:TagKeys', 'true', ['team', 'env'], false, OPS],
  ['Null', 'aws:TagKeys', 'false', ['team', 'env'], true, OPS],
];

const allowAll = { Version: '2012-10-17', Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }] };
const show = (v) => (v === ABSENT ? 'absent' : Array.isArray(v) ? `[${v.join(',')}]` : JSON.stringify(v));
const cases = [];
for (const [operator, key, policyValue, requestValue, matches, doc] of rows) {
  const undocumented = matches === UNDOCUMENTED;
  const condition = { [operator]: { [key]: policyValue } };
  const request = {
    action: 'ce:GetCostAndUsage',
    resource: '*',
    ...(requestValue === ABSENT ? {} : { context: { [key]: requestValue } }),
  };
  const missingContextKeys = requestValue === ABSENT ? [key] : [];
  const label = `${operator} ${key}=${show(policyValue)} vs request ${show(requestValue)}`;
  cases.push({
    name: `allow if ${label} → ${undocumented ? 'unknown' : matches ? 'matches' : 'no match'}`,
    source: doc,
    request,
    policies: { identity: [{ Version: '2012-10-17', Statement: [{ Sid: 'Cond', Effect: 'Allow', Action: 'ce:*', Resource: '*', Condition: condition }] }] },
    expect: undocumented
      ? {
          decision: 'unknown',
          layers: { identity: 'unknown', scp: 'not-applicable', boundary: 'not-applicable' },
          statements: [],
          uncertain: [{ layer: 'identity', source: 'identity[0]', statement: 'Cond', reason: 'AWS does not document' }],
          missingContextKeys,
        }
      : {
          decision: matches ? 'allowed' : 'implicit-deny',
          layers: { identity: matches ? 'allowed' : 'implicit-deny', scp: 'not-applicable', boundary: 'not-applicable' },
          statements: matches ? [{ layer: 'identity', source: 'identity[0]', statement: 'Cond', effect: 'Allow' }] : [],
          missingContextKeys,
        },
  });
  cases.push({
    name: `deny if ${label} → ${undocumented ? 'unknown' : matches ? 'denied' : 'not denied'}`,
    source: doc,
    request,
    policies: {
      identity: [allowAll, { Version: '2012-10-17', Statement: { Sid: 'CondDeny', Effect: 'Deny', Action: '*', Resource: '*', Condition: condition } }],
    },
    expect: undocumented
      ? {
          decision: 'unknown',
          statements: [],
          uncertain: [{ layer: 'identity', source: 'identity[1]', statement: 'CondDeny', reason: 'AWS does not document' }],
          missingContextKeys,
        }
      : {
          decision: matches ? 'explicit-deny' : 'allowed',
          statements: matches
            ? [{ layer: 'identity', source: 'identity[1]', statement: 'CondDeny', effect: 'Deny' }]
            : [{ layer: 'identity', source: 'identity[0]', statement: 'AllowAll', effect: 'Allow' }],
          missingContextKeys,
        },
  });
}
writeFileSync(new URL('../cases/operators.json', import.meta.url), JSON.stringify(cases, null, 1) + '\n');
console.log(`${cases.length} cases from ${rows.length} rows`);
