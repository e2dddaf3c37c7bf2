#!/usr/bin/env python3
"""Generate data/aws-managed-policies.json: the AWS managed policies billing-access ships.

A snapshot may attach an AWS managed policy without carrying its document (a bare
get-account-authorization-details of a real account lists only the policies in use, and
hand-made snapshots often omit them). The tool resolves those from this file. The documents
come from moto, which ships AWS's published managed policies as data
(moto.iam.aws_managed_policies; see /work/shared/reference/moto-notes.md).

Which policies: every one with a statement that can match a Billing console action (its Action
names a billing service, `*`, or it uses NotAction), plus the ones named in billing-facts.md.

Run with the python3 that has moto installed:  python3 scripts/gen-managed-policies.py
"""
import fnmatch
import json
import pathlib
import sys

import moto
from moto.iam.aws_managed_policies import aws_managed_policies_data

# Services whose actions the Billing, Cost Management and Account consoles check
# (src/model/catalogue.ts and billing-facts.md sections 1-2).
BILLING_SERVICES = [
    "account", "aws-portal", "billing", "budgets", "ce", "consolidatedbilling", "cur", "freetier",
    "invoicing", "payments", "purchase-orders", "savingsplans", "tax",
]

# Named in the brief or in billing-facts.md section 2; kept even if the rule above changes.
NAMED = [
    "AdministratorAccess", "AWSAccountActivityAccess", "AWSAccountManagementFullAccess",
    "AWSAccountManagementReadOnlyAccess", "AWSAccountUsageReportAccess", "AWSBillingConductorFullAccess",
    "AWSBillingConductorReadOnlyAccess", "AWSBillingReadOnlyAccess", "AWSBudgetsActionsWithAWSResourceControlAccess",
    "AWSBudgetsReadOnlyAccess", "AWSPurchaseOrdersServiceRolePolicy", "Billing", "CostOptimizationHubAdminAccess",
    "CostOptimizationHubReadOnlyAccess", "PowerUserAccess", "ReadOnlyAccess", "ViewOnlyAccess",
]

OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "aws-managed-policies.json"


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def can_match_billing(document):
    for statement in as_list(document.get("Statement")):
        if "NotAction" in statement:
            return True
        for action in as_list(statement.get("Action")):
            service = action.split(":", 1)[0].lower()
            if action == "*" or any(fnmatch.fnmatchcase(s, service) for s in BILLING_SERVICES):
                return True
    return False


def main():
    data = json.loads(aws_managed_policies_data)
    missing = [name for name in NAMED if name not in data]
    if missing:
        sys.exit(f"moto {moto.__version__} lacks: {', '.join(missing)}")
    names = sorted({*NAMED, *(n for n, p in data.items() if can_match_billing(p["Document"]))})
    source = f"moto {moto.__version__} moto.iam.aws_managed_policies"
    entries = []
    for name in names:
        p = data[name]
        entries.append({
            "arn": f"arn:aws:iam::aws:policy{p['Path']}{name}",
            "name": name,
            "versionId": p["DefaultVersionId"],
            "updated": p["UpdateDate"][:10],
            "source": source,
            "document": p["Document"],
        })
    # One policy per line: reviewable diffs without tripling the file size.
    lines = ",\n".join("  " + json.dumps(e, separators=(",", ":"), ensure_ascii=False) for e in entries)
    header = json.dumps({"source": source, "generator": "scripts/gen-managed-policies.py"})[:-1]
    OUT.write_text(f'{header}, "policies": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"wrote {len(entries)} policies to {OUT}")


if __name__ == "__main__":
    main()
