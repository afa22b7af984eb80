"""Checks the requests pshell sent (a log written by recording_proxy.py) against Coveo's OpenAPI specifications
(the six copies in openapi/). Usage: check_requests.py LOG. Each request must name an operation (method and
path); send only query parameters it declares, of the declared type, enum and minimum, and every required one;
and a JSON body valid against its request schema. Prints `ok` once per operation and one line per failure (at
most five per operation), then a count; exits 1 on any failure or an empty log, 2 if the checker cannot fail.

Not checked: /sandbox/v1 (the sandbox's own API) and paths no specification covers (upload URLs). A path is
covered when it starts with a specification's base path and the first segment of its paths (/rest,
/push/v1/organizations, /logs/v1/organizations). Nor is a body the operation declares none for, or not JSON.
The two readings of check_schemas.py apply (date-time strings may be epoch milliseconds; a source model `oneOf`
is read as PushSourceModel), and one stricter than JSON Schema: an object schema that lists properties and says
nothing of others allows no other key, since the platform drops an unknown key without a word.
"""
import collections
import copy
import json
import os
import re
import sys

import yaml
from jsonschema import Draft202012Validator

from spec_readings import base_path, read

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openapi")
NAMES = ["source", "security-cache", "platform", "authorization", "push", "source-logs"]
# libyaml's loader when PyYAML has it: the pure-Python one takes 1.5 s over the six files, it 0.3 s.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
specs = {name: yaml.load(open(os.path.join(here, f"coveo-{name}.yml")), Loader=Loader) for name in NAMES}
Operation = collections.namedtuple("Operation", "spec method template pattern literal item")


def merged(node, schemas):
    """An allOf as one schema with every part's properties: a part closed on its own would refuse the keys of
    the others (AmazonS3SourceModel is SourceModel plus properties of its own)."""
    out = {key: value for key, value in node.items() if key != "allOf"}
    for part in node["allOf"]:
        part = schemas[part["$ref"].rsplit("/", 1)[1]] if "$ref" in part else part
        for key, value in (merged(part, schemas) if "allOf" in part else part).items():
            if key == "properties":
                out[key] = {**value, **out.get(key, {})}
            elif key == "required":
                out[key] = sorted({*out.get(key, []), *value})
            else:
                out.setdefault(key, value)
    return out


def strict(node, schemas):
    """A copy of a schema in which an object schema with properties and no additionalProperties allows no other
    key. Only schema positions are walked: a property named `items`, an example, an enum are left alone."""
    if not isinstance(node, dict):
        return node
    node = merged(node, schemas) if "allOf" in node else dict(node)
    if isinstance(node.get("properties"), dict):
        node["properties"] = {name: strict(value, schemas) for name, value in node["properties"].items()}
    for key in ("anyOf", "oneOf"):
        if key in node:
            node[key] = [strict(value, schemas) for value in node[key]]
    for key in ("items", "additionalProperties", "not"):
        if isinstance(node.get(key), dict):
            node[key] = strict(node[key], schemas)
    if "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    return node


def resolve(spec, node):
    """Follows a `$ref` within the specification (#/components/parameters/X, #/parameters/X)."""
    while isinstance(node, dict) and "$ref" in node:
        reference, node = node["$ref"], spec
        for part in reference.lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


operations, prefixes, roots, validators = [], set(), {}, {}
for name, spec in specs.items():
    base, swagger = base_path(spec), "swagger" in spec
    # Readings and strictness once per specification: a request schema's $ref lands on these.
    schemas = read(copy.deepcopy(spec["definitions"] if swagger else spec["components"]["schemas"]))
    closed = {schema_name: strict(schema, schemas) for schema_name, schema in schemas.items()}
    roots[name] = (schemas, {"definitions": closed} if swagger else {"components": {"schemas": closed}})
    for template, item in spec["paths"].items():
        prefixes.add(base + "/" + template.split("/")[1])
        pattern = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(base + template)) + "$")
        literal = tuple("{" not in segment for segment in (base + template).split("/"))
        for method in {"get", "put", "post", "delete", "patch"} & set(item):
            operations.append(Operation(name, method.upper(), base + template, pattern, literal, item))


def find(method, path):
    """The operation a request names; of templates that both match (/sources/pages, /sources/{sourceId}), the
    one whose first differing segment is literal."""
    found = [operation for operation in operations if operation.method == method and operation.pattern.match(path)]
    return max(found, key=lambda operation: operation.literal) if found else None


def parameters(operation):
    """The path item's parameters and the operation's, the operation's winning on the same name and place."""
    item, merged_parameters = operation.item, {}
    for parameter in item.get("parameters", []) + item[operation.method.lower()].get("parameters", []):
        parameter = resolve(specs[operation.spec], parameter)
        merged_parameters[(parameter["name"], parameter["in"])] = parameter
    return list(merged_parameters.values())


def typed(text, schema):
    """A query value as its declared type (the specifications use no `number`); left as text when it does not
    read as one, so that validation says why."""
    if schema.get("type") == "array":
        return [typed(text, schema.get("items", {}))]
    if schema.get("type") == "boolean" and text in ("true", "false"):
        return text == "true"
    return int(text) if schema.get("type") == "integer" and re.fullmatch(r"-?\d+", text) else text


def query_failures(operation, query):
    spec = specs[operation.spec]
    declared = {p["name"]: p for p in parameters(operation) if p["in"] == "query"}
    for name, text in query:
        if name not in declared:
            yield f"query parameter `{name}` is not declared (declared: {', '.join(sorted(declared)) or 'none'})"
            continue
        # OpenAPI 3 puts type and enum under `schema`, Swagger 2.0 on the parameter itself.
        schema = resolve(spec, declared[name].get("schema", declared[name]))
        rule = {k: resolve(spec, v) for k, v in schema.items() if k in ("type", "enum", "minimum", "items")}
        for error in Draft202012Validator(rule).iter_errors(typed(text, rule)):
            yield f"query parameter `{name}`: {error.message} (schema: {'/'.join(map(str, error.schema_path))})"
    sent = {name for name, _ in query}
    for name in sorted(n for n, p in declared.items() if p.get("required") and n not in sent):
        yield f"required query parameter `{name}` is missing"


def validator(operation):
    """The strict validator of the operation's application/json request body; None if it declares none."""
    key = (operation.template, operation.method)
    if key not in validators:
        spec, declared = specs[operation.spec], operation.item[operation.method.lower()]
        if "requestBody" in declared:  # OpenAPI 3
            schema = resolve(spec, declared["requestBody"]).get("content", {}).get("application/json", {}).get("schema")
        else:  # Swagger 2.0: a body parameter, JSON unless `consumes` says otherwise
            body = [p for p in parameters(operation) if p["in"] == "body"]
            accepts = "application/json" in declared.get("consumes", spec.get("consumes", ["application/json"]))
            schema = body[0]["schema"] if body and accepts else None
        schemas, root = roots[operation.spec]
        validators[key] = schema and Draft202012Validator({**root, **strict(read(copy.deepcopy(schema)), schemas)})
    return validators[key]


def body_failures(operation, entry):
    check = validator(operation)
    if not (check and entry["body"] and "json" in (entry["contentType"] or "").lower()):
        return
    try:
        document = json.loads(entry["body"])
    except ValueError as error:
        yield f"the body is not JSON ({error})"
        return
    for error in sorted(check.iter_errors(document), key=lambda e: list(map(str, e.path))):
        where, rule = "/".join(map(str, error.path)) or "(root)", "/".join(map(str, error.schema_path))
        yield f"body at {where}: {error.message[-300:]} (schema: {rule})"


# The checker must be able to fail: an alias mapping with a key MappedIdentity does not declare. And it must
# pass what the specifications allow, allOf compositions too (AmazonS3SourceModel: SourceModel and `urls`).
mappings = validator(find("PUT", "/push/v1/organizations/o/providers/p/mappings"))
alias = {"identity": {"name": "a", "type": "USER"}, "mappings": [{"name": "b", "type": "USER", "target.provider": "x"}]}
if not any("target.provider" in error.message for error in mappings.iter_errors(alias)):
    print("FAIL the request checker accepts an alias mapping with the undeclared key target.provider")
    sys.exit(2)
del alias["mappings"][0]["target.provider"]
source = {"sourceType": "PUSH", "name": "n", "sourceVisibility": "SECURED", "pushEnabled": True, "createdDate": 1}
amazon = Draft202012Validator({**roots["source"][1], "$ref": "#/components/schemas/AmazonS3SourceModel"})
for check, document in [(mappings, alias), (validator(find("POST", "/rest/organizations/o/sources")), source),
                        (amazon, dict(source, sourceType="AMAZONS3", urls=["s3://bucket"]))]:
    if list(check.iter_errors(document)):
        print(f"FAIL the request checker refuses a valid body: {json.dumps(document)}")
        sys.exit(2)

entries = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
failures = collections.OrderedDict()  # (method, template, or a path no template matches) -> failures
skipped = collections.Counter()
# What pshell calls as platform-client does and no specification held here has: the field search at /indexes
# (platform-client's `field.search`, which replaced its deprecated `list`), and the Search API (platform-client's
# `search.createToken` and `search.query`).
UNSPECIFIED = re.compile(r"^POST /rest/organizations/[^/]+/indexes/fields/search$|^POST /rest/search/v2(/token)?$")
for entry in entries:
    method, path = entry["method"], entry["path"]
    if UNSPECIFIED.match(f"{method} {path}"):
        skipped[(method, "/".join(path.split("/")[:2]))] += 1
        continue
    if path.startswith("/sandbox/v1") or not any(path == p or path.startswith(p + "/") for p in prefixes):
        skipped[(method, "/".join(path.split("/")[:2]))] += 1
        continue
    operation = find(method, path)
    found = failures.setdefault((method, operation.template if operation else path), [])
    reasons = ["no operation in the specifications"] if operation is None else [
        *query_failures(operation, entry["query"]), *body_failures(operation, entry)]
    found += [f"{method} {path}: {reason}" for reason in reasons]

for (method, where), found in failures.items():
    if not found:
        print(f"ok   {method} {where}")
    for failure in found[:5]:
        print(f"FAIL {failure}")
    if len(found) > 5:
        print(f"     ({len(found) - 5} more failures of {method} {where})")
for (method, where), count in skipped.items():
    print(f"skip {method} {where}/... ({count} requests: the sandbox's own API, or no specification's)")
total = sum(len(found) for found in failures.values())
print(f"{len(entries)} requests, {len(failures)} operations, {total} failures")
if not failures:
    print("FAIL no request to check: is the log empty?")
sys.exit(1 if total or not failures else 0)
