"""Pushes security identities with Coveo's official Python client into a pshell sandbox: a group with a member
(createOrUpdateSecurityIdentity), an alias (createOrUpdateSecurityIdentityAlias), a batch through a file container
(manageSecurityIdentities) and a delete (deleteSecurityIdentity).
Usage: push_identities.py BASE_URL ORG API_KEY PROVIDER_ID. Prints the status codes as one JSON line."""
import json
import sys

from push_api_clientpy import PlatformClient
from push_api_clientpy.platformclient import (AliasMapping, IdentityModel, SecurityIdentityAliasModel,
                                              SecurityIdentityBatchConfig, SecurityIdentityDelete, SecurityIdentityModel)

base, org, key, provider = sys.argv[1:5]
PlatformClient._PlatformClient__basePushURL = lambda self: f"{base}/push/v1/organizations/{self.organizationid}"
PlatformClient._PlatformClient__basePlatformURL = lambda self: f"{base}/rest/organizations/{self.organizationid}"

client = PlatformClient(key, org)
group = SecurityIdentityModel(
    Identity=IdentityModel({}, "engineering", "GROUP"), WellKnowns=[],
    Members=[IdentityModel({}, "dave@example.com", "USER")])
single = client.createOrUpdateSecurityIdentity(provider, group)
alias = client.createOrUpdateSecurityIdentityAlias(provider, SecurityIdentityAliasModel(
    Identity=IdentityModel({}, "djones", "USER"), WellKnowns=[],
    Mappings=[AliasMapping({}, "dave@example.com", "USER", "Email Security Provider")]))

container = client.createFileContainer().json()
batch = {
    "members": [
        {"identity": {"name": "support", "type": "GROUP"}, "members": [{"name": "carol@example.com", "type": "USER"}]},
        {"identity": {"name": "temporary", "type": "GROUP"}, "members": []},
    ],
    "mappings": [],
    "deleted": [],
}
upload = client.session.put(container["uploadUri"], data=json.dumps(batch).encode(), headers=container["requiredHeaders"])
batched = client.manageSecurityIdentities(provider, SecurityIdentityBatchConfig(FileID=container["fileId"], OrderingID=None))
deleted = client.deleteSecurityIdentity(provider, SecurityIdentityDelete(Identity=IdentityModel({}, "temporary", "GROUP")))
print(json.dumps({"single": single.status_code, "alias": alias.status_code, "upload": upload.status_code,
                  "batch": batched.status_code, "delete": deleted.status_code}))
