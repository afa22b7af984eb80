"""Creates a Push source with Coveo's official Python client (coveo-push-api-client.py) in a pshell sandbox.

The client has no setting for its hosts, so they are redirected the way its users do it: by replacing the
two private methods that build the base URLs. Usage: create_source.py BASE_URL ORG API_KEY NAME VISIBILITY
Prints the response status and body as one JSON line.
"""
import json
import sys

from push_api_clientpy import PlatformClient, Source

base, org, key, name, visibility = sys.argv[1:6]
PlatformClient._PlatformClient__basePushURL = lambda self: f"{base}/push/v1/organizations/{self.organizationid}"
PlatformClient._PlatformClient__basePlatformURL = lambda self: f"{base}/rest/organizations/{self.organizationid}"

response = Source(key, org).create(name, visibility)
print(json.dumps({"status": response.status_code, "body": response.json()}))
