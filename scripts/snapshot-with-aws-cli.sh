#!/usr/bin/env bash
# Build a billing-access snapshot (format v1) with the plain aws CLI and jq, without billing-access.
# Only read calls. Usage: PROFILE=member ORG_PROFILE=mgmt PRINCIPAL=alice ./snapshot-with-aws-cli.sh acct.json
#   PROFILE      profile of the account under diagnosis (default: the credential chain)
#   ORG_PROFILE  profile in the management / delegated-administrator account, for SCPs (default: PROFILE)
#   PRINCIPAL    IAM user whose console password and MFA devices to record (optional)
set -euo pipefail
OUT=${1:-acct.json}
P=(${PROFILE:+--profile "$PROFILE"})
O=(${ORG_PROFILE:+--profile "$ORG_PROFILE"}); [ ${#O[@]} -gt 0 ] || O=("${P[@]}")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT; cd "$work"

aws sts get-caller-identity "${P[@]}" --output json > caller.json
ACCOUNT=$(jq -r .Account caller.json)
# The CLI follows every page and prints them merged.
aws iam get-account-authorization-details "${P[@]}" --output json > iam.json

echo '{}' > users.json
if [ -n "${PRINCIPAL:-}" ]; then
  mfa=$(aws iam list-mfa-devices "${P[@]}" --user-name "$PRINCIPAL" --query 'length(MFADevices)' --output json)
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

jq -n --slurpfile c caller.json --slurpfile i iam.json --slurpfile u users.json --arg org "$organizations" '
  {billingAccessSnapshot: 1, capturedAt: (now | todate), account: {id: $c[0].Account},
   caller: ($c[0] | {UserId, Account, Arn}), iam: ($i[0] | {UserDetailList, GroupDetailList, RoleDetailList,
        Policies: (.Policies | map(.PolicyName //= (.Arn | split("/") | last)))})}
  + (if $u[0] == {} then {} else {users: $u[0]} end)
  + (if $org == "absent" then {} else {organizations: ($org | fromjson)} end)' > "$OLDPWD/$OUT"
chmod 600 "$OLDPWD/$OUT"
echo "wrote $OUT" >&2
