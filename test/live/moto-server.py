"""moto_server with only some of AWS's managed policies (test/live/moto.ts starts it).

moto creates every AWS managed policy it knows (~1,485) in each account it creates, again after
each reset, and GetAccountAuthorizationDetails answers with all of them: megabytes that moto
writes and every run reads. MOTO_AWS_MANAGED_POLICY_NAMES lists the names to keep (the ones the
tests' accounts attach); the rest of moto is untouched.
"""
import json
import os
import sys

import moto.iam.models as iam_models

keep = set(os.environ["MOTO_AWS_MANAGED_POLICY_NAMES"].split(","))
every = json.loads(iam_models.aws_managed_policies_data)
missing = keep - every.keys()
if missing:
    sys.exit(f"moto-server.py: moto has no AWS managed policy named {', '.join(sorted(missing))}")
iam_models.aws_managed_policies_data = json.dumps({name: every[name] for name in keep})

from moto.server import main  # noqa: E402 (after the patch: it reads the data when an account is made)

sys.exit(main())
