"""Checks the sandbox's table of operations (a JSON list written by OperationTableTests: method, path, api and the
privilege each declares) against Coveo's OpenAPI specifications (the copies in openapi/). Each operation of a
Coveo API must be one of the specifications', at the same path with the same parameter names, and declare the
privilege the specification's `x-required-privileges` names. The sandbox's own API (/sandbox/v1) and the upload
URL (S3's) are no Coveo operations and are left out. Usage: check_operations.py TABLE. Prints one line per
failure, then a count; exits 1 on any failure.
"""
import json
import os
import re
import sys

import yaml

from spec_readings import base_path

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openapi")
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NAMES = ["source", "security-cache", "platform", "authorization", "push", "source-logs"]

# Where the sandbox differs on purpose, and why (each also in the README's sandbox table).
DEVIATIONS = {
    # A key made for one Push source (VIEW and EDIT on it) reads its own source, as the Console's source keys do;
    # the specification asks VIEW on every source.
    ("GET", "/rest/organizations/{organizationId}/sources/{sourceId}"): "privilege",
    ("GET", "/rest/organizations/{organizationId}/sources/{sourceId}/raw"): "privilege",
}
# What the official clients call that no specification held here has: the field API at /indexes (platform-client's
# paths), the OAuth server's check_token (platform-client's initialize()), and the Search API (platform-client's
# search.createToken and search.query).
UNSPECIFIED = re.compile(
    r"^/rest/organizations/\{organizationId\}/indexes/(page/)?fields|^/oauth/check_token$|^/rest/search/v2")


def privileges(operation):
    return sorted(
        (entry.get("targetDomain"), entry.get("type"), entry.get("targetId", "*"))
        for entry in operation.get("x-required-privileges") or [])


specified = {}
for name in NAMES:
    spec = yaml.load(open(os.path.join(here, f"coveo-{name}.yml")), Loader=Loader)
    base = base_path(spec)
    for template, item in spec["paths"].items():
        for method in {"get", "put", "post", "delete", "patch"} & set(item):
            specified[(method.upper(), base + template)] = item[method]


def shape(path):
    return re.sub(r"\{[^/]+\}", "{}", path)


failures, checked = [], 0
for entry in json.load(open(sys.argv[1])):
    method, path = entry["method"], entry["path"]
    if entry["api"] in ("sandbox", "upload") or UNSPECIFIED.match(path):
        continue
    checked += 1
    operation = specified.get((method, path))
    if operation is None:
        near = [p for (m, p) in specified if m == method and shape(p) == shape(path)]
        failures.append(f"FAIL {method} {path}: " + (f"the specification names it {near[0]}" if near else
                                                      "no specification has this operation"))
        continue
    required = privileges(operation)
    declared = [tuple(entry["privilege"])] if "privilege" in entry else []
    # Several privileges are alternatives (the specification's description joins them with OR): one is enough.
    alternative = len(required) > 1 and len(declared) == 1 and declared[0] in required
    if required and declared != required and not alternative and DEVIATIONS.get((method, path)) != "privilege":
        failures.append(f"FAIL {method} {path}: declares {declared}, the specification requires {required}")
    if not required and declared and entry["api"] == "platform":
        failures.append(f"FAIL {method} {path}: declares {declared}, the specification requires none")

for line in failures:
    print(line)
print(f"{checked} operations of the specifications checked, {len(failures)} failures")
sys.exit(1 if failures or checked == 0 else 0)
