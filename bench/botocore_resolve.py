"""What the AWS CLI does to get role credentials from its cache, without the CLI around it:
a botocore session with the CLI's JSONFileCache attached, explicit profile, frozen credentials."""
import os
import sys

import botocore.session
from botocore.utils import JSONFileCache

session = botocore.session.Session(profile=sys.argv[1])
resolver = session.get_component("credential_provider")
resolver.get_provider("assume-role").cache = JSONFileCache(os.path.expanduser("~/.aws/cli/cache"))
credentials = session.get_credentials().get_frozen_credentials()
print(credentials.access_key)
