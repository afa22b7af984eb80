"""Drives the standalone sandbox (started with --state) with a mix of writes, and kills it with SIGKILL from a
second thread after a random number of acknowledged writes, wherever the writer then is (mid-request, between
two, during a batch). Every write is logged before it is sent ("attempt") and after its 2xx ("ack"), one JSON
line each, flushed: the verifier then knows what the sandbox promised.

Writes: item batches through file containers, single items, deletes of items acknowledged earlier, security
identities, source creations. Every document id and identity name is used once, so what was acknowledged
decides what must be there.

Usage: crash_driver.py BASE ORG KEY SANDBOX_PID LOG ROUND SEED
"""
import json
import os
import random
import signal
import sys
import threading

import requests

base, org, key, pid, log_path, round_number, seed = sys.argv[1:8]
pid, round_number = int(pid), int(round_number)
rng = random.Random(int(seed) * 1000 + round_number)
session = requests.Session()
session.headers.update({"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
log = open(log_path, "a")
acks = 0
kill_after = rng.randint(5, 60)
killed = threading.Event()
acked = threading.Condition()


def record(kind, **fields):
    log.write(json.dumps({"round": round_number, "kind": kind, **fields}) + "\n")
    log.flush()
    os.fsync(log.fileno())


def killer():
    with acked:
        acked.wait_for(lambda: acks >= kill_after)
    os.kill(pid, signal.SIGKILL)
    killed.set()


def send(method, url, op, **fields):
    """Sends one write; logs the attempt and, on a 2xx, the acknowledgement. False once the sandbox is gone."""
    global acks
    options = fields.pop("_request", {})
    record("attempt", op=op, **fields)
    try:
        response = session.request(method, url, **options)
    except requests.RequestException:
        return False
    if 200 <= response.status_code < 300:
        record("ack", op=op, **fields)
        with acked:
            acks += 1
            acked.notify_all()
    else:
        # A refusal is not an acknowledgement; the verifier treats the write as attempted only.
        print(f"{response.status_code} on {op}: {response.text[:200]}", file=sys.stderr)
    return True


rest = f"{base}/rest/organizations/{org}"
push = f"{base}/push/v1/organizations/{org}"
sources = [s for s in session.get(f"{rest}/sources").json() if s["name"].startswith("crash")]
if not sources:
    created = session.post(f"{rest}/sources", json={"sourceType": "PUSH", "name": "crash", "sourceVisibility": "SHARED"}).json()
    sources = [created]
    provider = {"id": "CrashProvider", "type": "EXPANDED", "nodeRequired": False, "referencedBy": [{"id": created["id"], "type": "SOURCE"}]}
    session.post(f"{rest}/securityproviders", json=provider)
source = sources[0]["id"]
acked_items = []
if os.path.exists(log_path):
    for line in open(log_path):
        entry = json.loads(line)
        if entry["kind"] == "ack" and entry["op"] == "add":
            acked_items.append(entry["id"])
        if entry["kind"] == "attempt" and entry["op"] == "delete" and entry["id"] in acked_items:
            acked_items.remove(entry["id"])

threading.Thread(target=killer, daemon=True).start()
step = 0
while not killed.is_set():
    step += 1
    tag = f"r{round_number}s{step}"
    choice = rng.random()
    if choice < 0.35:
        # A batch of 250 items through a file container: create, upload, then documents/batch.
        try:
            container = session.post(f"{push}/files")
        except requests.RequestException:
            break
        if container.status_code != 201:
            break
        container = container.json()
        ids = [f"https://crash/{tag}/{i}" for i in range(250)]
        body = json.dumps({"addOrUpdate": [{"documentId": i, "title": i, "data": "x" * 200} for i in ids], "delete": []})
        try:
            uploaded = requests.put(container["uploadUri"], data=body, headers=container["requiredHeaders"])
        except requests.RequestException:
            break
        if uploaded.status_code != 200:
            break
        if not send("PUT", f"{push}/sources/{source}/documents/batch?fileId={container['fileId']}", "batch", ids=ids):
            break
        acked_items += ids
    elif choice < 0.65:
        doc = f"https://crash/{tag}"
        if not send("PUT", f"{push}/sources/{source}/documents?documentId={requests.utils.quote(doc, safe='')}", "add", id=doc,
                    _request={"data": json.dumps({"title": doc, "data": "single"})}):
            break
        acked_items.append(doc)
    elif choice < 0.8 and acked_items:
        doc = acked_items.pop(rng.randrange(len(acked_items)))
        if not send("DELETE", f"{push}/sources/{source}/documents?documentId={requests.utils.quote(doc, safe='')}", "delete", id=doc):
            break
    elif choice < 0.93:
        name = f"group-{tag}"
        body = json.dumps({"identity": {"name": name, "type": "GROUP"}, "members": [{"name": "a@example.com", "type": "USER"}]})
        if not send("PUT", f"{push}/providers/CrashProvider/permissions", "identity", name=name, _request={"data": body}):
            break
    else:
        name = f"crash {tag}"
        if not send("POST", f"{rest}/sources", "source", name=name,
                    _request={"data": json.dumps({"sourceType": "PUSH", "name": name, "sourceVisibility": "SHARED"})}):
            break
killed.wait(30)
print(json.dumps({"round": round_number, "acks": acks, "killAfter": kill_after}))
