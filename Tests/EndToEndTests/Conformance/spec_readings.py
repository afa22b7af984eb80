"""The two documented readings of Coveo's specifications that the checkers share (check_schemas.py for the
sandbox's answers, check_requests.py for pshell's requests), in one place so they cannot drift:
- a `oneOf` over every source type is read through its discriminator: a Push source is a PushSourceModel;
- a `string` / `date-time` may be epoch milliseconds, as the platform's own client and samples have them.
"""
import urllib.parse


def read(node):
    """Applies the two readings to a schema, in place; returns it."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "date-time":
            node["type"] = ["string", "integer"]
        options = node.get("oneOf")
        if options and {"$ref": "#/components/schemas/PushSourceModel"} in options:
            del node["oneOf"]
            node["$ref"] = "#/components/schemas/PushSourceModel"
        for value in node.values():
            read(value)
    elif isinstance(node, list):
        for value in node:
            read(value)
    return node


def base_path(spec):
    """Where a specification's paths live. Swagger 2.0 says it with host + basePath: the servers entry of the
    source logs copy is the Push API's (/push/v1), while its host is api.cloud.coveo.com/logs/v1."""
    if "swagger" in spec:
        parts = spec["host"].partition("/")[2].split("/") + spec.get("basePath", "/").split("/")
        return "".join("/" + part for part in parts if part)
    return urllib.parse.urlsplit(spec["servers"][0]["url"]).path.rstrip("/")
