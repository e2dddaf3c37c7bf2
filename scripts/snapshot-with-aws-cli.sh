#!/usr/bin/env bash
# Build a billing-access snapshot (format v1) with the plain aws CLI and jq, without billing-access.
# Only read calls. Usage: PROFILE=member ORG_PROFILE=mgmt PRINCIPAL=alice ./snapshot-with-aws-cli.sh acct.json
#   PROFILE      profile of the account under diagnosis (default: the credential chain)
#   ORG_PROFILE  profile in the management / delegated-administrator account, for SCPs and, when given,
#                IAM Identity Center (default: PROFILE)
#   PRINCIPAL    IAM user whose console password and MFA devices to record, or the Identity Center user
#                (name or e-mail) to keep in the identityCenter part even with no assignment here (optional)
set -euo pipefail
OUT=${1:-acct.json}; case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac   # the work below happens in a temporary directory
P=(${PROFILE:+--profile "$PROFILE"})
O=(${ORG_PROFILE:+--profile "$ORG_PROFILE"}); [ ${#O[@]} -gt 0 ] || O=("${P[@]}")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; cd "$work"

aws sts get-caller-identity "${P[@]}" --output json > caller.json
ACCOUNT=$(jq -r .Account caller.json)
# The CLI follows every page and prints them merged.
aws iam get-account-authorization-details "${P[@]}" --output json > iam.json

echo '{}' > users.json
# PRINCIPAL may be no IAM user (a role, or an Identity Center user): then there are no console facts to record.
if [ -n "${PRINCIPAL:-}" ] && mfa=$(aws iam list-mfa-devices "${P[@]}" --user-name "$PRINCIPAL" --query 'length(MFADevices)' --output json 2> err.txt \
  || { grep -q NoSuchEntity err.txt || { cat err.txt >&2; exit 2; }; false; }); then
  if aws iam get-login-profile "${P[@]}" --user-name "$PRINCIPAL" > /dev/null 2> err.txt; then password=true
  elif grep -q NoSuchEntity err.txt; then password=false          # no console password
  else password=null; cat err.txt >&2; fi                         # e.g. AccessDenied: unknown
  jq -n --arg u "$PRINCIPAL" --argjson m "$mfa" --argjson p "$password" '{($u): ({mfaDevices: $m} + (if $p == null then {} else {consolePassword: $p} end))}' > users.json
fi

# The OU path (nearest first) and the SCPs at each level; member accounts usually may not read them.
read_scps() {
  echo '[]' > parents.json; local child=$ACCOUNT target id      # list-parents gives one level: walk up
  while :; do
    aws organizations list-parents "${O[@]}" --child-id "$child" --query 'Parents[0]' --output json > parent.json || return 1
    jq --slurpfile p parent.json '. + $p' parents.json > t.json && mv t.json parents.json
    [ "$(jq -r .Type parent.json)" = ROOT ] && break
    child=$(jq -r .Id parent.json)
  done
  echo '{}' > policies.json
  for target in "$ACCOUNT" $(jq -r '.[].Id' parents.json); do
    echo '[]' > level.json
    ids=$(aws organizations list-policies-for-target "${O[@]}" --target-id "$target" --filter SERVICE_CONTROL_POLICY \
      --query 'Policies[].Id' --output text) || return 1
    for id in $ids; do
      aws organizations describe-policy "${O[@]}" --policy-id "$id" --query Policy --output json > policy.json || return 1
      jq --slurpfile p policy.json '. + $p' level.json > t.json && mv t.json level.json
    done
    jq --arg t "$target" --slurpfile l level.json '. + {($t): $l[0]}' policies.json > t.json && mv t.json policies.json
  done
}

organizations=null                                           # no organization
if aws organizations describe-organization "${O[@]}" --query Organization --output json > org.json 2> err.txt; then
  aws organizations describe-account "${O[@]}" --account-id "$ACCOUNT" --query Account --output json > account.json || echo null > account.json
  echo '{}' > scps.json
  # SCPs never apply to the management account; elsewhere a failed read leaves them out (the scp check is then unknown).
  if [ "$(jq -r .MasterAccountId org.json)" != "$ACCOUNT" ] && read_scps; then
    jq -n --slurpfile p parents.json --slurpfile s policies.json '{parents: $p[0], policies: $s[0]}' > scps.json
  fi
  organizations=$(jq -n --slurpfile o org.json --slurpfile a account.json --slurpfile s scps.json \
    '{organization: $o[0]} + (if $a[0] == null then {} else {account: $a[0]} end) + $s[0]')
elif ! grep -q AWSOrganizationsNotInUseException err.txt; then
  cat err.txt >&2; organizations=absent                      # could not read: leave the part out
fi

# IAM Identity Center (with ORG_PROFILE only): permission sets, this account's assignments, the users
# and groups they name. A read that fails leaves that piece out (what needs it is then unknown).
read_identity_center() {
  aws sso-admin list-instances "${O[@]}" --query 'Instances[0]' --output json > instance.json || return 1
  [ "$(jq -r 'type' instance.json)" = object ] || return 1
  local inst store arn name
  inst=$(jq -r .InstanceArn instance.json); store=$(jq -r .IdentityStoreId instance.json)
  aws sso-admin list-permission-sets-provisioned-to-account "${O[@]}" --instance-arn "$inst" --account-id "$ACCOUNT" \
    --query 'PermissionSets' --output json > provisioned.json || echo null > provisioned.json
  echo '[]' > sets.json; echo '[]' > assignments.json
  for arn in $(aws sso-admin list-permission-sets "${O[@]}" --instance-arn "$inst" --query 'PermissionSets[]' --output text); do
    A=(--instance-arn "$inst" --permission-set-arn "$arn")
    aws sso-admin describe-permission-set "${O[@]}" "${A[@]}" --query 'PermissionSet.{Name: Name, PermissionSetArn: PermissionSetArn}' --output json > set.json || continue
    aws sso-admin list-account-assignments "${O[@]}" "${A[@]}" --account-id "$ACCOUNT" --query AccountAssignments --output json > a.json || echo '[]' > a.json
    jq -s '.[0] + .[1]' assignments.json a.json > t.json && mv t.json assignments.json
    aws sso-admin get-inline-policy-for-permission-set "${O[@]}" "${A[@]}" --query '{InlinePolicy: InlinePolicy}' --output json > p1.json || echo '{}' > p1.json
    aws sso-admin list-managed-policies-in-permission-set "${O[@]}" "${A[@]}" --query '{AttachedManagedPolicies: AttachedManagedPolicies}' --output json > p2.json || echo '{}' > p2.json
    aws sso-admin list-customer-managed-policy-references-in-permission-set "${O[@]}" "${A[@]}" \
      --query '{CustomerManagedPolicyReferences: CustomerManagedPolicyReferences}' --output json > p3.json || echo '{}' > p3.json
    # ResourceNotFoundException = no boundary.
    aws sso-admin get-permissions-boundary-for-permission-set "${O[@]}" "${A[@]}" --query '{PermissionsBoundary: PermissionsBoundary}' --output json > p4.json 2> /dev/null || echo '{}' > p4.json
    jq -s 'add | with_entries(select(.value != null and .value != ""))' set.json p1.json p2.json p3.json p4.json > t.json
    jq --slurpfile s t.json '. + $s' sets.json > u.json && mv u.json sets.json
  done
  echo '[]' > members.json
  for group in $(jq -r '.[] | select(.PrincipalType == "GROUP") | .PrincipalId' assignments.json | sort -u); do
    aws identitystore list-group-memberships "${O[@]}" --identity-store-id "$store" --group-id "$group" \
      --query 'GroupMemberships[].{GroupId: GroupId, MemberId: MemberId}' --output json > m.json || continue
    jq -s '.[0] + .[1]' members.json m.json > t.json && mv t.json members.json
  done
  aws identitystore list-users "${O[@]}" --identity-store-id "$store" --query 'Users[].{UserId: UserId, UserName: UserName, DisplayName: DisplayName, Emails: Emails}' --output json > users-all.json || echo '[]' > users-all.json
  aws identitystore list-groups "${O[@]}" --identity-store-id "$store" --query 'Groups[].{GroupId: GroupId, DisplayName: DisplayName}' --output json > groups-all.json || echo '[]' > groups-all.json
  jq -n --slurpfile i instance.json --slurpfile s sets.json --slurpfile a assignments.json --slurpfile m members.json \
    --slurpfile u users-all.json --slurpfile g groups-all.json --slurpfile p provisioned.json --arg who "${PRINCIPAL:-}" '
    (($a[0] | map(select(.PrincipalType == "USER") | .PrincipalId)) + ($m[0] | map(.MemberId.UserId))) as $named
    | ($a[0] | map(select(.PrincipalType == "GROUP") | .PrincipalId)) as $groups
    | {instance: ($i[0] | {InstanceArn, IdentityStoreId, OwnerAccountId, Status} | with_entries(select(.value != null))),
       permissionSets: $s[0], assignments: $a[0],
       users: ($u[0] | map(select(.UserId as $id | ($named | index($id)) or .UserName == $who or ((.Emails // []) | map(.Value) | index($who))))
                     | map(with_entries(select(.value != null)))),
       groups: ($g[0] | map(select(.GroupId as $id | $groups | index($id))) | map(with_entries(select(.value != null)))),
       memberships: $m[0]}
    + (if $p[0] == null then {} else {provisioned: $p[0]} end)' > identity-center.json
}
echo null > identity-center.json
if [ -n "${ORG_PROFILE:-}" ] && ! read_identity_center; then echo null > identity-center.json; fi

jq -n --slurpfile c caller.json --slurpfile i iam.json --slurpfile u users.json --slurpfile ic identity-center.json --arg org "$organizations" '
  {billingAccessSnapshot: 1, capturedAt: (now | todate), account: {id: $c[0].Account},
   caller: ($c[0] | {UserId, Account, Arn}), iam: ($i[0] | {UserDetailList, GroupDetailList, RoleDetailList,
        Policies: (.Policies | map(.PolicyName //= (.Arn | split("/") | last)))})}
  + (if $u[0] == {} then {} else {users: $u[0]} end)
  + (if $org == "absent" then {} else {organizations: ($org | fromjson)} end)
  + (if $ic[0] == null then {} else {identityCenter: $ic[0]} end)' > "$OUT"
chmod 600 "$OUT"
echo "wrote $OUT" >&2
