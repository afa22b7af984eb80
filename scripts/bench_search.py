"""`search` as a user over 100,000 items with permissions: the standalone sandbox with a state file, a SECURED source
whose provider holds 20 groups of 50 users, each item allowed to one group and denying one user. Timed: queries
as a user through a search token (HTTP, the sandbox's whole answer), p50 and p99; beside the floor, the same
filter written by hand as one SQLite query over the same rows of the same file (Python's sqlite3: the words in
the title or text, the item's permissions naming one of the user's groups and not the user), p50 and p99.

Usage: bench_search.py PSHELL_BINARY [ITEMS]. Prints one line per measure.
"""
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

import requests

BIN = os.path.abspath(sys.argv[1])
ITEMS = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
GROUPS, USERS_PER_GROUP = 20, 50
WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau".split()
QUERIES = ["alpha", "kappa sigma", "omicron", "tau beta", "mu"]
RUNS = 40


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    import random
    random.seed(7)
    home = tempfile.mkdtemp(prefix="pshell-bench-search-")
    env = {"HOME": home, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    state = os.path.join(home, "search.db")
    sandbox = subprocess.Popen([BIN, "sandbox", "--org", "bench", "--state", state], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, env=env)
    banner = b""
    while b"view-only key" not in banner:
        line = sandbox.stdout.readline()
        if not line:
            sys.exit("bench: the standalone sandbox did not start")
        banner += line
    url = re.search(r"listening on (\S+)", banner.decode()).group(1)
    key = re.search(r"admin key:\s+(\S+)", banner.decode()).group(1)
    penv = {**env, "PSHELL_TOKEN": key}
    base = [BIN, "--platform-url", url, "--push-url", url, "--org", "bench"]
    try:
        setup = os.path.join(home, "setup.pshell")
        with open(setup, "w") as f:
            f.write("create Searched --visibility SECURED --with-provider\n")
            for g in range(GROUPS):
                members = " ".join(f"--member user{g * USERS_PER_GROUP + u}@example.com"
                                   for u in range(USERS_PER_GROUP))
                f.write(f"identity SearchedProvider set group{g} --type group {members}\n")
        subprocess.run(base + [setup], env=penv, check=True, capture_output=True)
        items = os.path.join(home, "items.ndjson")
        with open(items, "w") as f:
            for i in range(ITEMS):
                group = i % GROUPS
                denied = f"user{group * USERS_PER_GROUP + i % USERS_PER_GROUP}@example.com"
                text = " ".join(random.choice(WORDS) for _ in range(60))
                f.write(json.dumps({
                    "documentId": f"https://example.com/doc/{i}", "title": f"Doc {i} {random.choice(WORDS)}",
                    "data": text, "permissions": [{
                        "allowAnonymous": False,
                        "allowedPermissions": [{"identity": f"group{group}", "identityType": "Group"}],
                        "deniedPermissions": [{"identity": denied, "identityType": "User"}]}]}) + "\n")
        start = time.monotonic()
        subprocess.run(base + ["-c", f"push Searched @{items} --wait"], env=penv, check=True, capture_output=True)
        push_wall = time.monotonic() - start

        user = "user3@example.com"  # in group0; denied on the items of group0 that name them
        session = requests.Session()
        token = session.post(f"{url}/rest/search/v2/token?organizationId=bench",
                             headers={"Authorization": f"Bearer {key}"},
                             json={"userIds": [{"name": user, "provider": "Email Security Provider",
                                                "type": "User"}]}).json()["token"]
        session.headers["Authorization"] = f"Bearer {token}"
        ours, counts = [], {}
        for run in range(RUNS):
            q = QUERIES[run % len(QUERIES)]
            start = time.monotonic()
            answer = session.post(f"{url}/rest/search/v2?organizationId=bench", json={"q": q}).json()
            ours.append(time.monotonic() - start)
            counts[q] = answer["totalCount"]

        database = sqlite3.connect(f"file:{state}?mode=ro", uri=True)
        floor, floor_counts = [], {}
        for run in range(RUNS):
            q = QUERIES[run % len(QUERIES)]
            words = q.split()
            text = "lower(coalesce(json_extract(body, '$.title'), '') || char(10) || " \
                   "coalesce(json_extract(body, '$.data'), ''))"
            sql = ("SELECT document_id, indexed_date FROM items WHERE "
                   + " AND ".join(f"instr({text}, ?) > 0" for _ in words)
                   + " AND json_extract(body, '$.permissions') LIKE ? AND json_extract(body, '$.permissions') NOT LIKE ?")
            start = time.monotonic()
            rows = database.execute(sql, words + ['%"group0"%', f'%"{user}"%']).fetchall()
            rows.sort(key=lambda r: -r[1])
            top = rows[:10]
            floor.append(time.monotonic() - start)
            floor_counts[q] = len(rows)
        agree = counts == floor_counts
    finally:
        sandbox.terminate()
        sandbox.wait()
    p50, p99 = percentile(ours, 0.5) * 1000, percentile(ours, 0.99) * 1000
    f50, f99 = percentile(floor, 0.5) * 1000, percentile(floor, 0.99) * 1000
    print(f"search as a user over {ITEMS} items with permissions ({GROUPS} groups of {USERS_PER_GROUP} users; pushed "
          f"in {push_wall:.1f} s), {RUNS} queries of 1-2 words, through a search token: p50 {p50:.0f} ms, "
          f"p99 {p99:.0f} ms")
    print(f"the same filter as one hand-written SQLite query over the same rows (Python sqlite3, the floor): "
          f"p50 {f50:.0f} ms, p99 {f99:.0f} ms; the sandbox {p50 / f50:.1f}x the floor at p50; the counts "
          f"{'agree' if agree else 'DIFFER: ' + json.dumps([counts, floor_counts])} ({json.dumps(counts)})")


if __name__ == "__main__":
    main()
