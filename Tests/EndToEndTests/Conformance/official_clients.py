"""Replays, against the standalone sandbox, the requests Coveo's official TypeScript clients send
(@coveo/platform-client, @coveo/push-api-client, used by the Coveo CLI), exactly as they send them, and checks
what those clients need of each answer. Written from reading their sources (github: coveo/platform-client
src/APICore.ts, src/handlers/response/ResponseHandlers.ts, src/resources/{PushApi,Fields,Logs,
PrivilegeEvaluator}; coveo/push-api-client.js src/APICore.ts, src/source/push.ts, src/fieldAnalyser,
src/validation/preconditions); none of their code is here.

What "parses" means: platform-client runs JSON.parse on the text of every 2xx answer but a 204 (an empty
body is a SyntaxError); push-api-client's requestJson does the same for the calls it parses.

Usage: official_clients.py BASE_URL ORG API_KEY. Prints one line per step; exits 1 if any fails.
"""
import json
import sys
import time
import urllib.parse

import requests

base, org, key = sys.argv[1:4]
failures = 0
# platform-client: Authorization on every call, Content-Type only with a JSON body.
platform = requests.Session()
platform.headers.update({"Authorization": f"Bearer {key}"})
# push-api-client's APICore: the same four headers on every call, a body or not.
push = requests.Session()
push.headers.update({"Authorization": f"Bearer {key}", "Accept": "application/json", "Content-Type": "application/json",
                     "User-Agent": "CoveoSDKNodeJS/4.0.0"})


def step(label, response, status, parse=True, check=None):
    """Expects `status`; unless 204, the body must be what JSON.parse accepts; then `check(body)`."""
    global failures
    problem = None
    body = None
    if response.status_code != status:
        problem = f"HTTP {response.status_code}, expected {status}: {response.text[:200]}"
    elif parse and status != 204:
        try:
            body = json.loads(response.text)
        except ValueError:
            problem = f"the body is not JSON (JSON.parse would throw): {response.text[:80]!r}"
    if problem is None and check is not None:
        problem = check(body)
    if problem:
        failures += 1
        print(f"FAIL {label}: {problem}")
    else:
        print(f"ok   {label}")
    return body


def json_body(value):
    return json.dumps(value, separators=(",", ":"))


rest = f"{base}/rest/organizations/{org}"
push_base = f"{base}/push/v1/organizations/{org}"

# platform-client initialize(): POST /oauth/check_token, a multipart form with the field `token`.
step("platform-client checkToken (multipart token)", platform.post(f"{base}/oauth/check_token", files={"token": (None, key)}), 200,
     check=lambda b: None if b.get("authentication") else "no authentication in the answer")
step("check_token refuses an unknown token", platform.post(f"{base}/oauth/check_token", files={"token": (None, "xx-not-a-key")}), 400,
     check=lambda b: None if b.get("error") == "invalid_token" else f"error is {b.get('error')!r}")

# push-api-client preconditions: privilegeEvaluator.evaluate adds organizationId, then POSTs.
for domain, kind in [("FIELD", "VIEW"), ("FIELD", "CREATE"), ("FIELD", "EDIT"), ("SOURCE", "EDIT")]:
    request = {"organizationId": org, "requestedPrivilege": {"type": kind, "targetDomain": domain, "targetId": "*", "owner": "PLATFORM"}}
    step(f"privilege/evaluate {domain} {kind}", platform.post(f"{base}/rest/privilege/evaluate", data=json_body(request),
                                                                  headers={"Content-Type": "application/json"}), 200,
         check=lambda b: None if b.get("approved") is True else f"approved is {b.get('approved')!r}")

# createSource, then the fields push-api-client creates for the metadata it will push.
source = step("create a Push source", platform.post(f"{rest}/sources", data=json_body(
    {"sourceType": "PUSH", "name": "official clients", "sourceVisibility": "SHARED", "pushEnabled": True}),
    headers={"Content-Type": "application/json"}), 201)
source_id = source["id"]
other = step("create a second source", platform.post(f"{rest}/sources", data=json_body(
    {"sourceType": "PUSH", "name": "other", "sourceVisibility": "SHARED", "pushEnabled": True}),
    headers={"Content-Type": "application/json"}), 201)["id"]
# field.list({page, perPage: 1000}) -> GET /indexes/page/fields (query-string's stringify: page=0&perPage=1000).
listed = step("field.list page 0", platform.get(f"{rest}/indexes/page/fields?page=0&perPage=1000"), 200,
              check=lambda b: None if isinstance(b.get("items"), list) and "totalPages" in b else "no items/totalPages")
names = {f["name"] for f in listed["items"]}
step("permanentid exists as a STRING field (push-api-client checks it)", platform.get(f"{rest}/indexes/page/fields?page=0&perPage=1000"), 200,
     check=lambda b: None if any(f["name"] == "permanentid" and f["type"] == "STRING" for f in b["items"]) else "no STRING permanentid")
step("field.createFields [{name, type}]", platform.post(f"{rest}/indexes/fields/batch/create",
                                                        data=json_body([{"name": "price", "type": "DOUBLE"}, {"name": "brand", "type": "STRING"}]),
                                                        headers={"Content-Type": "application/json"}), 204)
step("the created fields are listed", platform.get(f"{rest}/indexes/page/fields?page=0&perPage=1000"), 200,
     check=lambda b: None if {"price", "brand"} <= {f["name"] for f in b["items"]} else "price or brand missing")
step("a field name with an upper-case letter is refused", platform.post(
    f"{rest}/indexes/fields/batch/create", data=json_body([{"name": "Brand", "type": "STRING"}]),
    headers={"Content-Type": "application/json"}), 400, check=lambda b: None if b.get("errorCode") else "no errorCode")

# push-api-client addOrUpdateDocument: URL.searchParams.append('documentId', uri) writes a space as '+'.
document_id = "file:///docs/Product guide.txt"
query = urllib.parse.urlencode({"documentId": document_id})  # URLSearchParams' encoding: ':' '/' escaped, ' ' as '+'
assert "+" in query
doc = {"title": "Product guide", "data": "text", "price": 9.5, "brand": "acme", "permanentid": "abc",
       "permissions": [{"allowAnonymous": True, "allowedPermissions": [], "deniedPermissions": []}], "documentId": document_id}
step("addOrUpdateDocument, documentId with a space sent as '+'", push.put(f"{push_base}/sources/{source_id}/documents?{query}",
                                                                       data=json_body(doc)), 202, parse=False)
# setSourceStatus: POST with the JSON body "{}" (APICore.post's default).
status_query = urllib.parse.urlencode({"statusType": "REBUILD"})
step("setSourceStatus REBUILD (body {})", push.post(f"{push_base}/sources/{source_id}/status?{status_query}", data="{}"), 201, parse=False)
step("setSourceStatus IDLE", push.post(f"{push_base}/sources/{source_id}/status?statusType=IDLE", data="{}"), 201, parse=False)

# Security identities through platform-client's PushApi: every 2xx body is parsed.
provider = {"id": "OfficialProvider", "displayName": "Official", "nodeRequired": False, "type": "EXPANDED",
            "referencedBy": [{"id": other, "type": "SOURCE"}],
            "cascadingSecurityProviders": {"EmailSecurityProvider": {"id": "Email Security Provider", "type": "EMAIL"}}}
step("create a provider", platform.post(f"{rest}/securityproviders", data=json_body(provider), headers={"Content-Type": "application/json"}), 200)
identity = {"identity": {"name": "team@example.com", "type": "GROUP"}, "members": [{"name": "a@example.com", "type": "USER"}],
            "wellKnowns": []}
providers = f"{push_base}/providers/OfficialProvider"
json_headers = {"Content-Type": "application/json"}
step("createOrUpdateSecurityIdentity (202, body parsed)", platform.put(f"{providers}/permissions", data=json_body(identity),
                                                                        headers=json_headers), 202)
alias = {"identity": {"name": "a@example.com", "type": "USER"},
         "mappings": [{"name": "alice", "type": "USER", "provider": "Email Security Provider"}], "wellKnowns": []}
step("createOrUpdateSecurityIdentityAlias (202, body parsed)", platform.put(f"{providers}/mappings", data=json_body(alias),
                                                                             headers=json_headers), 202)
step("deleteSecurityIdentity: DELETE with a JSON body", platform.delete(
    f"{providers}/permissions", data=json_body({"identity": {"name": "team@example.com", "type": "GROUP"}}), headers=json_headers), 202)
container = step("createFileContainer", platform.post(f"{push_base}/files"), 201)
upload = requests.put(container["uploadUri"], data=json_body({"members": [identity], "mappings": [], "deleted": []}),
                      headers=container["requiredHeaders"])
step("upload the identity batch to the container", upload, 200, parse=False)
step("manageSecurityIdentities (batch by fileId, no body)", platform.put(f"{providers}/permissions/batch?fileId={container['fileId']}"), 202)
step("deleteOldSecurityIdentities (no body)", platform.delete(f"{providers}/permissions/olderthan?orderingId=1&queueDelay=0"), 202)

# push-api-client deleteDocument: DELETE with the JSON Content-Type and no body.
removed_query = urllib.parse.urlencode({"documentId": "file:///docs/missing item", "deleteChildren": "false"})
step("deleteDocument: DELETE, JSON Content-Type, no body", push.delete(f"{push_base}/sources/{source_id}/documents?{removed_query}"),
     202, parse=False)

# The item round-trips its id, and lands with its metadata in fields (wait for the indexing delay).
deadline = time.time() + 10
items = {}
while time.time() < deadline:
    answer = platform.get(f"{base}/sandbox/v1/organizations/{org}/sources/{source_id}/items").json()
    items = {i["documentId"]: i for i in answer["items"]}
    if document_id in items and answer["pendingOperations"] == 0:
        break
    time.sleep(0.05)
item = items.get(document_id)
if item is None:
    failures += 1
    print(f"FAIL the document id came back with its space: indexed ids are {sorted(items)}")
elif not set(item["mappedMetadata"]) >= {"brand", "price", "title", "permanentid"}:
    failures += 1
    print(f"FAIL the item's metadata landed in fields: mapped {item['mappedMetadata']}, unmapped {item['unmappedMetadata']}")
else:
    print("ok   the document id came back with its space, its metadata in fields")

# Source Logs: platform-client sends the source filter as `sourceIds`.
window = urllib.parse.urlencode({"from": "2000-01-01T00:00:00.000Z", "to": "2999-01-01T00:00:00.000Z", "page": 0, "perPage": 100})
step("logs.get with {sourceIds: [other]} returns none of the first source's entries", platform.post(
    f"{base}/logs/v1/organizations/{org}?{window}", data=json_body({"sourceIds": [other]}), headers=json_headers), 200,
    check=lambda b: None if all(e["sourceId"] == other for e in b["documentLogEntries"]) else "entries of another source")
step("logs.get with {sourceIds: [source]} returns its entries", platform.post(
    f"{base}/logs/v1/organizations/{org}?{window}", data=json_body({"sourceIds": [source_id]}), headers=json_headers), 200,
    check=lambda b: None if b["documentLogEntries"] and all(e["sourceId"] == source_id for e in b["documentLogEntries"]) else "none")
step("logs.get with an unknown filter is refused in Coveo's error shape", platform.post(
    f"{base}/logs/v1/organizations/{org}?{window}", data=json_body({"sourceId": [source_id]}), headers=json_headers), 400,
    check=lambda b: None if b.get("errorCode") and b.get("message") else "no errorCode/message")

# platform-client: license.getPossibleSourceTypes, field.search, securityCache.listSecurityProviderIdentities,
# logs.getFacets, sources.createFromRaw (each as its latest source sends it).
step("license.getPossibleSourceTypes", platform.get(f"{rest}/license/sourcetypes"), 200,
     check=lambda b: None if {"PUSH", "CATALOG"} <= {t.get("type") for t in b} else f"{b}")
step("field.search {filters: {name}}", platform.post(f"{rest}/indexes/fields/search", data=json_body(
    {"page": 0, "perPage": 100, "filters": {"name": "pri"}}), headers=json_headers), 200,
    check=lambda b: None if [f["name"] for f in b["items"]] == ["price"] and b["totalEntries"] == 1 else f"{b}")
step("securityCache.listSecurityProviderIdentities", platform.post(
    f"{rest}/securitycache/entities/list?page=0&perPage=10", data=json_body(
        {"providerIds": ["OfficialProvider"], "filterTerm": "a@", "filteringMode": "PREFIX"}), headers=json_headers), 200,
    check=lambda b: None if [(i["name"], i["type"]) for i in b["items"]] == [("a@example.com", "USER")] else f"{b}")
step("logs.getFacets", platform.post(f"{base}/logs/v1/organizations/{org}/facets?{window}",
                                      data=json_body({"sourceIds": [source_id]}), headers=json_headers), 200,
     check=lambda b: None if "ADD" in b.get("operations", []) and "COMPLETED" in b.get("results", []) else f"{b}")
raw = platform.get(f"{rest}/sources/{source_id}/raw").json()
raw["name"] = "copied from raw"
step("sources.createFromRaw", platform.post(f"{rest}/sources/raw", data=json_body(raw), headers=json_headers), 201,
     check=lambda b: None if b.get("id") and b["id"] != source_id and b.get("name") == "copied from raw" else f"{b}")

# push-api-client's CatalogSource: create (platform-client source.create), batchStreamDocuments (StreamChunkStrategy:
# open, a chunk per batch, the batch PUT to the chunk's uploadUri, close; every POST with APICore's body "{}"), and
# batchUpdateDocuments (FileContainerStrategy: a container, the upload, PUT stream/update?fileId= with "{}").
catalog = step("CatalogSource.create (CATALOG, streamEnabled)", platform.post(f"{rest}/sources", data=json_body(
    {"name": "official catalog", "streamEnabled": True, "sourceVisibility": "SHARED", "sourceType": "CATALOG"}),
    headers=json_headers), 201, check=lambda b: None if b.get("sourceType") == "CATALOG" else f"sourceType {b.get('sourceType')}")
stream_base = f"{push_base}/sources/{catalog['id']}/stream"
def container_answer(b):
    return None if b.get("uploadUri") and b.get("fileId") and isinstance(b.get("requiredHeaders"), dict) else f"{b}"
opened = step("stream open (POST, body {})", push.post(f"{stream_base}/open", data="{}"), 201,
              check=lambda b: container_answer(b) or (None if b.get("streamId") else "no streamId"))
chunk = step("stream chunk (POST, body {})", push.post(f"{stream_base}/{opened['streamId']}/chunk", data="{}"), 200,
             check=container_answer)
products = [{"documentId": f"product://{n}", "title": f"Shoe {n}", "price": n} for n in range(3)]
step("upload the chunk's batch", requests.put(chunk["uploadUri"], data=json_body({"addOrUpdate": products, "delete": []}),
                                              headers=chunk["requiredHeaders"]), 200, parse=False)
step("stream close (POST, body {})", push.post(f"{stream_base}/{opened['streamId']}/close", data="{}"), 200,
     check=lambda b: None if b.get("orderingId") and b.get("requestId") else f"{b}")
step("a stream on a Push source is refused in the Push API's error shape",
     push.post(f"{push_base}/sources/{source_id}/stream/open", data="{}"), 400,
     check=lambda b: None if b.get("errorCode") else "no errorCode")
update_container = step("createFileContainer for stream/update (body {})", push.post(f"{push_base}/files", data="{}"), 201)
step("upload the update batch", requests.put(update_container["uploadUri"], data=json_body(
    {"addOrUpdate": [{"documentId": "product://1", "title": "Shoe 1, new", "price": 11}], "delete": [{"documentId": "product://2"}]}),
    headers=update_container["requiredHeaders"]), 200, parse=False)
step("stream/update?fileId= (PUT, body {})", push.put(f"{stream_base}/update?fileId={update_container['fileId']}", data="{}"), 202,
     check=lambda b: None if b.get("orderingId") else f"{b}")
deadline = time.time() + 10
while time.time() < deadline:
    answer = platform.get(f"{base}/sandbox/v1/organizations/{org}/sources/{catalog['id']}/items").json()
    if answer["pendingOperations"] == 0:
        break
    time.sleep(0.05)
titles = {i["documentId"]: i["fields"].get("title") for i in answer["items"]}
if titles == {"product://0": "Shoe 0", "product://1": "Shoe 1, new"}:
    print("ok   the stream loaded the catalog and the update replaced one item and deleted another")
else:
    failures += 1
    print(f"FAIL the catalog holds {titles}")

# platform-client's search.createToken and search.query (src/resources/Search/Search.ts): the token request with
# the key, `?organizationId=` on both, the query's body as given (viewAllContent moved to the query string as 1).
searched = step("create a SECURED source to search", platform.post(f"{rest}/sources", data=json_body(
    {"sourceType": "PUSH", "name": "searched", "sourceVisibility": "SECURED", "pushEnabled": True}),
    headers=json_headers), 201)
alice = {"identity": "alice@example.com", "identityType": "User", "securityProvider": "Email Security Provider"}
memo = {"title": "Quarterly memo", "data": "quarterly numbers", "author": "alice",
        "permissions": [{"allowAnonymous": False, "allowedPermissions": [alice], "deniedPermissions": []}]}
memo_query = urllib.parse.urlencode({"documentId": "memo://q3"})
step("addOrUpdateDocument for alice only", push.put(f"{push_base}/sources/{searched['id']}/documents?{memo_query}",
                                                    data=json_body(memo)), 202, parse=False)
deadline = time.time() + 10
while time.time() < deadline and platform.get(
        f"{base}/sandbox/v1/organizations/{org}/sources/{searched['id']}/items").json()["totalItems"] == 0:
    time.sleep(0.05)


def token_for(name):
    return step(f"search.createToken {{userIds: [{name}]}}", platform.post(
        f"{base}/rest/search/v2/token?organizationId={org}", data=json_body(
            {"userIds": [{"name": name, "provider": "Email Security Provider", "type": "User"}]}),
        headers=json_headers), 200,
        check=lambda b: None if isinstance(b.get("token"), str) and b["token"].count(".") == 2 else f"{b}")


def found(expected):
    def check(body):
        uris = [r.get("uri") for r in body.get("results", [])]
        if not isinstance(body.get("totalCount"), int) or uris != expected:
            return f"expected {expected}, got {uris} (totalCount {body.get('totalCount')})"
        result = (body.get("results") or [{}])[0]
        missing = [k for k in ("title", "uri", "clickUri", "raw") if expected and k not in result]
        return f"a result lacks {missing}" if missing else None
    return check


for name, expected in (("alice@example.com", ["memo://q3"]), ("bob@example.com", [])):
    token = token_for(name)["token"]
    as_user = requests.Session()
    as_user.headers.update({"Authorization": f"Bearer {token}"})
    step(f"search.query as {name} (the search token)", as_user.post(
        f"{base}/rest/search/v2?organizationId={org}", data=json_body({"q": "quarterly"}), headers=json_headers),
        200, check=found(expected))
step("search.query with viewAllContent (an API key's privilege)", platform.post(
    f"{base}/rest/search/v2?organizationId={org}&viewAllContent=1",
    data=json_body({"q": "quarterly", "aq": "@author==alice", "numberOfResults": 5}), headers=json_headers),
    200, check=found(["memo://q3"]))

# sources.delete: a 2xx other than 204 must carry JSON.
step("sources.delete (body parsed)", platform.delete(f"{rest}/sources/{other}"), 200)
sys.exit(1 if failures else 0)
