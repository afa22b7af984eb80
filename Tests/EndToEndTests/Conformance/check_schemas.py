"""Checks the sandbox's answers against Coveo's own OpenAPI specifications (the copies in openapi/).
Usage: check_schemas.py BASE_URL ORG API_KEY. Runs each operation pshell uses on the platform host, validates
the answer's JSON against the response schema the specification declares for it, prints one line per
operation, and exits 1 if any answer does not match.

Two documented readings of the specifications:
- A response `oneOf` over every source type is read through its discriminator (`sourceType`): a Push source
  is checked against PushSourceModel.
- Dates the specification types as `string` / `date-time` may be epoch milliseconds, as the platform's own
  client (platform-client) and documentation samples have them (reference section 3.8); every other type
  must match exactly.
"""
import copy
import json
import os
import sys

import requests
import yaml
from jsonschema import Draft202012Validator

from spec_readings import read

base, org, key = sys.argv[1:4]
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openapi")
specs = {name: yaml.safe_load(open(os.path.join(here, f"coveo-{name}.yml"))) for name in ["source", "security-cache", "platform", "authorization"]}
session = requests.Session()
session.headers.update({"Authorization": f"Bearer {key}", "Accept": "application/json"})
failures = 0


prepared_specs = {name: read(copy.deepcopy(spec["components"]["schemas"])) for name, spec in specs.items()}


def response_schema(spec_name, method, path, status):
    operation = specs[spec_name]["paths"][path][method.lower()]
    content = operation["responses"][str(status)].get("content", {})
    schema = read(copy.deepcopy(next(iter(content.values()))["schema"]))
    return {"components": {"schemas": prepared_specs[spec_name]}, **schema}


# The Push API's specification is Swagger 2.0: a response's `schema` and `#/definitions/...` references.
push_spec = yaml.safe_load(open(os.path.join(here, "coveo-push.yml")))


def push_response_schema(method, path, status):
    operation = push_spec["paths"][path][method.lower()]
    return {"definitions": push_spec["definitions"], **operation["responses"][str(status)]["schema"]}


def check(spec_name, method, path, url, expected_status, body=None, params=None, data=None):
    global failures
    response = session.request(method, base + url, json=body, params=params, data=data,
                               headers={"Content-Type": "application/json"} if data is not None else None)
    label = f"{method} {path}"
    if response.status_code != expected_status:
        failures += 1
        print(f"FAIL {label}: HTTP {response.status_code}, expected {expected_status}: {response.text[:300]}")
        return None
    if expected_status == 204 or not response.content:
        print(f"ok   {label}: HTTP {response.status_code}, no body (as specified)")
        return None
    answer = response.json()
    schema = (push_response_schema(method, path, expected_status) if spec_name == "push"
              else response_schema(spec_name, method, path, expected_status))
    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(answer), key=lambda e: list(e.path))
    if errors:
        failures += 1
        for error in errors[:5]:
            where, rule = "/".join(map(str, error.path)) or "(root)", "/".join(map(str, error.schema_path))
            print(f"FAIL {label}: at {where}: {error.message[-300:]} (schema: {rule})")
    else:
        print(f"ok   {label}: HTTP {response.status_code} matches the specification")
    return answer


# The checker must be able to fail: a source model with a visibility the specification does not list.
bad = Draft202012Validator(response_schema("source", "GET", "/rest/organizations/{organizationId}/sources/{sourceId}", 200))
if not list(bad.iter_errors({"id": "x", "sourceType": "PUSH", "sourceVisibility": "PUBLIC", "pushEnabled": "yes"})):
    print("FAIL the schema checker accepts a source model with sourceVisibility PUBLIC")
    sys.exit(2)

rest = f"/rest/organizations/{org}"
p = "/rest/organizations/{organizationId}"
check("platform", "GET", p + "/license", rest + "/license", 200)
check("platform", "GET", p + "/limits", rest + "/limits", 200)
check("authorization", "POST", p + "/privileges/token", rest + "/privileges/token", 200, body={}, params={"accessToken": key})
# The documented GET without accessToken: the caller's own privileges, the token in no URL.
check("authorization", "GET", p + "/privileges/token", rest + "/privileges/token", 200)
check("authorization", "POST", "/rest/privilege/evaluate", "/rest/privilege/evaluate", 200,
      body={"organizationId": org, "requestedPrivilege": {"owner": "PLATFORM", "targetDomain": "FIELD", "type": "VIEW", "targetId": "*"}})
# Fields, at the specification's paths.
check("source", "POST", p + "/sources/fields/batch/create", rest + "/sources/fields/batch/create", 204,
      body=[{"name": "schemacheck", "type": "LONG"}])
check("source", "GET", p + "/sources/fields/{fieldId}", rest + "/sources/fields/schemacheck", 200)
check("source", "GET", p + "/sources/page/fields", rest + "/sources/page/fields", 200, params={"perPage": 5})
check("source", "GET", p + "/sources/fields", rest + "/sources/fields", 200)
check("source", "DELETE", p + "/sources/fields/batch/delete", rest + "/sources/fields/batch/delete", 204,
      params={"fields": ["schemacheck"]})
# API keys.
made = check("authorization", "POST", p + "/apikeys", rest + "/apikeys", 201,
             body={"displayName": "Schema check", "privileges": [{"owner": "PLATFORM", "targetDomain": "ORGANIZATION", "type": "VIEW", "targetId": "*"}]})
check("authorization", "GET", p + "/apikeys", rest + "/apikeys", 200)
check("authorization", "GET", p + "/apikeys/{apiKeyId}", rest + f"/apikeys/{made['id']}", 200)
check("authorization", "PUT", p + "/apikeys/{apiKeyId}/disable", rest + f"/apikeys/{made['id']}/disable", 204)
check("authorization", "DELETE", p + "/apikeys/{apiKeyId}", rest + f"/apikeys/{made['id']}", 204)
source = check("source", "POST", p + "/sources", rest + "/sources", 201,
               body={"sourceType": "PUSH", "name": "Schema check", "sourceVisibility": "SECURED", "pushEnabled": True})
source_id = source["id"]
check("source", "GET", p + "/sources/{sourceId}", rest + f"/sources/{source_id}", 200)
check("source", "GET", p + "/sources/pages", rest + "/sources/pages", 200)
check("source", "GET", p + "/sources", rest + "/sources", 200)
provider_body = {
    "id": "SchemaCheckProvider", "displayName": "Schema check", "nodeRequired": False, "type": "EXPANDED",
    "referencedBy": [{"id": source_id, "type": "SOURCE"}],
    "cascadingSecurityProviders": {"EmailSecurityProvider": {"id": "Email Security Provider", "type": "EMAIL"}},
}
check("security-cache", "POST", p + "/securityproviders", rest + "/securityproviders", 200, body=provider_body)
check("security-cache", "PUT", p + "/securityproviders/{securityProviderId}", rest + "/securityproviders/SchemaCheckProvider", 200,
      body=provider_body)
check("security-cache", "GET", p + "/securityproviders/{securityProviderId}", rest + "/securityproviders/SchemaCheckProvider", 200)
check("security-cache", "GET", p + "/securityproviders", rest + "/securityproviders", 200)
check("security-cache", "GET", p + "/securityproviders/page", rest + "/securityproviders/page", 200)
model = session.get(base + rest + f"/sources/{source_id}").json()
model["sourceVisibility"] = "PRIVATE"
check("source", "PUT", p + "/sources/{sourceId}", rest + f"/sources/{source_id}", 200, body=model)
raw = check("source", "GET", p + "/sources/{sourceId}/raw", rest + f"/sources/{source_id}/raw", 200)
raw["configuration"]["permissions"] = [{"name": "Source Specified Permissions", "permissionSets": [
    {"name": "Private", "allowAnonymous": False, "deniedPermissions": [],
     "allowedPermissions": [{"identity": "alice@example.com", "identityType": "User", "securityProvider": "Email Security Provider"}]}]}]
check("source", "PUT", p + "/sources/{sourceId}/raw", rest + f"/sources/{source_id}/raw", 200, body=raw)
check("source", "GET", p + "/sources/{sourceId}", rest + f"/sources/{source_id}", 200)
# The security cache's listing, once an identity was pushed to the provider.
session.put(base + f"/push/v1/organizations/{org}/providers/SchemaCheckProvider/permissions",
            json={"identity": {"name": "team", "type": "GROUP"}, "members": [{"name": "a@example.com", "type": "USER"}]})
check("security-cache", "POST", p + "/securitycache/entities/list", rest + "/securitycache/entities/list", 200,
      body={"providerIds": ["SchemaCheckProvider"]}, params={"page": 0, "perPage": 10})
# A source from the raw configuration just read (renamed): the answer is a source model.
raw["name"] = "Schema check copy"
copy_made = check("source", "POST", p + "/sources/raw", rest + "/sources/raw", 201, body=raw)
# A Catalog source and its Stream API (the Push API's specification).
catalog = check("source", "POST", p + "/sources", rest + "/sources", 201,
                body={"sourceType": "CATALOG", "name": "Schema catalog", "sourceVisibility": "SHARED", "streamEnabled": True})
check("source", "GET", p + "/sources/{sourceId}", rest + f"/sources/{catalog['id']}", 200)
pp = "/organizations/{organizationId}/sources/{sourceId}/stream"
stream = f"/push/v1/organizations/{org}/sources/{catalog['id']}/stream"
opened = check("push", "POST", pp + "/open", stream + "/open", 201, data="{}")
check("push", "POST", pp + "/{streamId}/chunk", stream + f"/{opened['streamId']}/chunk", 200, data="{}")
check("push", "POST", pp + "/{streamId}/close", stream + f"/{opened['streamId']}/close", 200, data="{}")
container = session.post(base + f"/push/v1/organizations/{org}/files").json()
requests.put(container["uploadUri"], data=json.dumps({"addOrUpdate": [{"documentId": "p://1", "title": "one"}]}),
             headers=container["requiredHeaders"])
check("push", "PUT", pp + "/update", stream + "/update", 202, params={"fileId": container["fileId"]}, data="{}")
check("source", "DELETE", p + "/sources/{sourceId}", rest + f"/sources/{catalog['id']}", 200)
check("source", "DELETE", p + "/sources/{sourceId}", rest + f"/sources/{copy_made['id']}", 200)
check("source", "DELETE", p + "/sources/{sourceId}", rest + f"/sources/{source_id}", 200)
check("security-cache", "DELETE", p + "/securityproviders/{securityProviderId}", rest + "/securityproviders/SchemaCheckProvider", 204)
sys.exit(1 if failures else 0)
