"""After a kill -9 and a restart on the same state file: is everything the sandbox acknowledged there, is
nothing it acknowledged deleting back, and do the counts agree? Reads the log crash_driver.py wrote.
Usage: crash_verify.py BASE ORG KEY LOG. Prints a JSON summary; exits 1 on any problem.
"""
import json
import sys

import requests

base, org, key, log_path = sys.argv[1:5]
session = requests.Session()
session.headers.update({"Authorization": f"Bearer {key}"})
attempted_deletes, acked_deletes, acked_adds, acked_identities, acked_sources = set(), set(), set(), set(), set()
for line in open(log_path):
    entry = json.loads(line)
    op, kind = entry["op"], entry["kind"]
    if op == "delete":
        (acked_deletes if kind == "ack" else attempted_deletes).add(entry["id"])
    elif kind == "ack" and op == "add":
        acked_adds.add(entry["id"])
    elif kind == "ack" and op == "batch":
        acked_adds.update(entry["ids"])
    elif kind == "ack" and op == "identity":
        acked_identities.add(entry["name"])
    elif kind == "ack" and op == "source":
        acked_sources.add(entry["name"])

rest = f"{base}/rest/organizations/{org}"
sources = session.get(f"{rest}/sources").json()
crash = next(s for s in sources if s["name"] == "crash")
# The first request applies what is due (the sandbox runs with --indexing-delay 0); the second reads the result.
session.get(f"{base}/sandbox/v1/organizations/{org}/sources/{crash['id']}/items")
answer = session.get(f"{base}/sandbox/v1/organizations/{org}/sources/{crash['id']}/items").json()
present = {item["documentId"] for item in answer["items"]}
problems = []
lost = sorted(d for d in acked_adds if d not in present and d not in attempted_deletes and d not in acked_deletes)
if lost:
    problems.append(f"{len(lost)} acknowledged item(s) lost, e.g. {lost[:3]}")
resurrected = sorted(d for d in acked_deletes if d in present)
if resurrected:
    problems.append(f"{len(resurrected)} item(s) deleted with a 2xx are back, e.g. {resurrected[:3]}")
if answer["pendingOperations"] != 0:
    problems.append(f"{answer['pendingOperations']} operation(s) still queued")
documents = session.get(f"{rest}/sources/{crash['id']}").json()["information"]["numberOfDocuments"]
if documents != answer["totalItems"]:
    problems.append(f"numberOfDocuments {documents} but {answer['totalItems']} items")
identities = {e["identity"]["name"] for e in session.get(f"{base}/sandbox/v1/organizations/{org}/providers/CrashProvider/identities").json()["identities"]}
missing = sorted(acked_identities - identities)
if missing:
    problems.append(f"{len(missing)} acknowledged identit(ies) lost, e.g. {missing[:3]}")
names = {s["name"] for s in sources}
gone = sorted(acked_sources - names)
if gone:
    problems.append(f"{len(gone)} acknowledged source(s) lost: {gone[:3]}")
print(json.dumps({"items": len(present), "ackedAdds": len(acked_adds), "ackedDeletes": len(acked_deletes),
                  "identities": len(acked_identities), "sources": len(acked_sources), "problems": problems}))
sys.exit(1 if problems else 0)
