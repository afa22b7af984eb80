"""The sandbox at the platform's scale (scripts/bench --scale [ITEMS...]): for each count (100,000 and 1,000,000 by
default), that many items of about 1 KB pushed with `push @FILE --wait` into `pshell sandbox --state`, then what a
store of record must keep flat or fast, each beside a peer measured in the same run:
- peak RSS of pshell (wait4) and of the sandbox (VmHWM), at each count: flat means the same at both;
- restart on the state file (spawn to listening) beside spawning the same sandbox on a new file;
- `items SOURCE` and `logs` pages at the first, middle and last page, beside a bare SQLite query in Python;
- a durable single-item PUT, sequential, beside Python's sqlite3 insert-and-commit (WAL, synchronous=FULL);
- creating a source and pushing an item with 5 sources and with 5,000;
- GET source under wrk -t2 -c32 beside nginx serving the same bytes."""
import json
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests

import bench

BIN = bench.BIN


def vm(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def start(state, env):
    """`pshell sandbox --state STATE`; returns (process, url, admin key, seconds from spawn to listening)."""
    began = time.monotonic()
    sandbox = subprocess.Popen([BIN, "sandbox", "--org", "bench", "--state", state, "--sources-limit", "6000"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    banner = b""
    while b"view-only key" not in banner:
        line = sandbox.stdout.readline()
        if not line:
            sys.exit("bench: the sandbox did not start on " + state)
        banner += line
    ready = time.monotonic() - began
    text = banner.decode()
    return sandbox, re.search(r"listening on (\S+)", text).group(1), re.search(r"admin key:\s+(\S+)", text).group(1), ready


def stop(sandbox):
    sandbox.send_signal(signal.SIGTERM)
    sandbox.wait()


def items_file(home, count):
    random.seed(1)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau".split()
    path = os.path.join(home, f"items-{count}.ndjson")
    with open(path, "w") as f:
        for i in range(count):
            text = " ".join(random.choice(words) for _ in range(140))[:900]
            f.write(json.dumps({"documentId": f"https://example.com/item/{i:07d}", "title": f"Item {i}", "data": text,
                                "category": words[i % len(words)]}) + "\n")
    return path


def timed(call, runs=7):
    """Median milliseconds of `call()` over `runs` runs (after one warm-up)."""
    call()
    samples = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def pages(session, url, source, total, log_window):
    """Milliseconds to reach the first, middle and last page (100 per page) of items and of logs: the jump (the first
    request for that page, which walks the index up to it) and the median of the next 5 pages read one after another
    (each a seek from the page before, as a client paging through reads them)."""
    last = max((total - 1) // 100 - 5, 0)
    items_url = f"{url}/sandbox/v1/organizations/bench/sources/{source}/items"
    logs_url = f"{url}/logs/v1/organizations/bench"
    def items(page):
        answer = session.get(items_url, params={"page": page, "perPage": 100})
        answer.raise_for_status()
        assert len(answer.json()["items"]) > 0
    def logs(page):
        answer = session.post(logs_url, params={**log_window, "page": page, "perPage": 100},
                              json={"sourcesIds": [source]})
        answer.raise_for_status()
        assert len(answer.json()["documentLogEntries"]) > 0
    result = {}
    for name, page in (("first", 0), ("middle", last // 2), ("last", last)):
        measured = []
        for read in (items, logs):
            began = time.perf_counter()
            read(page)
            jump = (time.perf_counter() - began) * 1000
            following = []
            for step in range(1, 6):
                began = time.perf_counter()
                read(page + step)
                following.append((time.perf_counter() - began) * 1000)
            measured.append((jump, statistics.median(following)))
        result[name] = measured
    return result


def sqlite_peer(state_copy_from, total):
    """The same pages read by Python's sqlite3 straight from a copy of the state file: the floor."""
    database = sqlite3.connect(state_copy_from)
    def page(offset):
        return database.execute("SELECT document_id, body FROM items ORDER BY source, document_id LIMIT 100 OFFSET ?",
                                (offset,)).fetchall()
    return {name: timed(lambda: page(offset)) for name, offset in
            (("first", 0), ("middle", (total // 200) * 100), ("last", max(total - 100, 0)))}


def durable_puts(url, key, source, home, connections):
    """Single-item PUTs for 5 s under wrk (each answered only once on disk), over `connections` connections: per
    second. One connection: each waits for its own fsync; more: a commit makes several durable at once."""
    return wrk_puts(f"{url}/push/v1/organizations/bench/sources/{source}/documents?documentId=https://example.com/put",
                    key, home, connections)


def wrk_puts(target, key, home, connections):
    """wrk PUTting one small item at `target` for 5 s over `connections` connections: requests per second."""
    script = os.path.join(home, "put.lua")
    with open(script, "w") as f:
        f.write('wrk.method = "PUT"\nwrk.body = \'{"title":"one","data":"one item"}\'\n'
                'wrk.headers["Content-Type"] = "application/json"\n'
                f'wrk.headers["Authorization"] = "Bearer {key}"\n')
    out = subprocess.run(["wrk", f"-t{min(connections, 2)}", f"-c{connections}", "-d5s", "-s", script, target],
                         capture_output=True, check=True).stdout.decode()
    if "Non-2xx" in out:
        sys.exit("bench: a PUT was refused under wrk: " + out)
    return float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))


def sqlite_commits(home, count=500):
    """Python's sqlite3: insert one row and commit, WAL and synchronous=FULL, on the same disk: per second."""
    path = os.path.join(home, "peer.db")
    for leftover in (path, path + "-wal", path + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    database = sqlite3.connect(path, isolation_level=None)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=FULL")
    database.execute("CREATE TABLE t (id TEXT PRIMARY KEY, body TEXT)")
    began = time.monotonic()
    for n in range(count):
        database.execute("BEGIN")
        database.execute("INSERT INTO t VALUES (?, ?)", (f"https://example.com/put/{n}", '{"title":"one"}'))
        database.execute("COMMIT")
    return count / (time.monotonic() - began)


def create_and_push(session, url, tag):
    """Milliseconds to create one source and push one item into it (median of 5)."""
    counter = [0]
    def once():
        counter[0] += 1
        made = session.post(f"{url}/rest/organizations/bench/sources",
                            json={"name": f"{tag}-{counter[0]}", "sourceType": "PUSH", "sourceVisibility": "SHARED"})
        assert made.status_code == 201, made.text
        answer = session.put(f"{url}/push/v1/organizations/bench/sources/{made.json()['id']}/documents",
                             params={"documentId": "https://example.com/one"}, json={"title": "one"})
        assert answer.status_code == 202, answer.text
    return timed(once, runs=5)


def many_sources(url, key, count):
    """Creates `count` sources from 8 threads (so writes arrive together, as under load)."""
    def worker(start):
        session = requests.Session()
        session.headers["Authorization"] = "Bearer " + key
        for n in range(start, count, 8):
            made = session.post(f"{url}/rest/organizations/bench/sources",
                                json={"name": f"many-{n}", "sourceType": "PUSH", "sourceVisibility": "SHARED"})
            assert made.status_code == 201, made.text
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count / (time.monotonic() - began)


class Printed(list):
    """Lines printed as they are added: a run cut short still shows what it measured."""
    def append(self, line):
        print(line, flush=True)
        super().append(line)


def scale(count, home, env):
    lines = Printed()
    path = items_file(home, count)
    state = os.path.join(home, f"state-{count}.db")
    sandbox, url, key, _ = start(state, env)
    penv = {**env, "PSHELL_TOKEN": key}
    base = [BIN, "--platform-url", url, "--push-url", url, "--org", "bench"]
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + key
    try:
        made = subprocess.run(base + ["-c", "create scale --visibility SHARED"], env=penv, capture_output=True, check=True)
        source = made.stdout.decode().strip()
        began = time.monotonic()
        push = subprocess.Popen(base + ["-c", f"push {source} @{path} --wait --wait-timeout 3600"], env=penv,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(push.pid, 0)
        wall = time.monotonic() - began
        if status != 0:
            sys.exit(f"bench: push of {count} items failed: {push.stderr.read().decode()[-600:]}")
        total = session.get(f"{url}/sandbox/v1/organizations/bench/sources/{source}/items",
                            params={"page": 0, "perPage": 1}).json()["totalItems"]
        lines.append(f"{count:,} items ({os.path.getsize(path) / 1048576:.0f} MB NDJSON) push @FILE --wait into "
                     f"sandbox --state: {'completed' if total == count else f'ONLY {total} indexed'} in {wall:.1f} s "
                     f"= {count / wall:,.0f} items/s; pshell peak RSS {usage.ru_maxrss / 1024:.0f} MiB (target <= 64); "
                     f"sandbox peak RSS {vm(sandbox.pid, 'VmHWM'):.0f} MiB (target <= 256)")
        window = {"from": "2000-01-01T00:00:00Z", "to": "2999-01-01T00:00:00Z"}
        paged = pages(session, url, source, count, window)
        lines.append("  a page of 100 items / of 100 log entries, ms, jump then next pages (target < 20 at any page): "
                     + ", ".join(f"{name} {t[0][0]:.1f} then {t[0][1]:.1f} / {t[1][0]:.1f} then {t[1][1]:.1f}"
                                 for name, t in paged.items()))
        ours_put = durable_puts(url, key, source, home, 1)
        together = durable_puts(url, key, source, home, 32)
        peer_put = sqlite_commits(home)
        lines.append(f"  durable single-item PUT under wrk, one connection: {ours_put:.0f}/s; 32 connections (group "
                     f"commit): {together:.0f}/s; Python sqlite3 insert+commit in a loop (WAL, synchronous=FULL), same "
                     f"disk: {peer_put:.0f}/s = {ours_put / peer_put:.2f} and {together / peer_put:.2f} (target >= 0.8)")
        with bench.hummingbird_floor(64) as floor:
            if floor:
                bare_put = wrk_puts(floor + "/put", key, home, 1)
                bound = 1 / (1 / bare_put + 1 / peer_put)
                lines.append(f"  the HTTP floor, one connection: Hummingbird answering a PUT from memory {bare_put:.0f}/s; "
                             f"with Python's commit after each, at best {bound:.0f}/s = {bound / peer_put:.2f} of the loop; "
                             f"the sandbox's PUT is {ours_put / bound:.2f} of that bound")
        few = create_and_push(session, url, "few")
        rate = many_sources(url, key, 5000)
        lots = create_and_push(session, url, "lots")
        lines.append(f"  create a source + push an item: {few:.1f} ms with ~5 sources, {lots:.1f} ms with 5,000 "
                     f"({lots / few:.2f}x, target <= 1.5x); 5,000 sources created from 8 threads at {rate:.0f}/s")
        source_url = f"{url}/rest/organizations/bench/sources/{source}"
        body = session.get(source_url).content
        ours = bench.wrk(source_url, home, {"Authorization": f"Bearer {key}"})
        theirs = bench.nginx_static(body, home)
        lines.append(f"  wrk -t2 -c32 -d10s GET source ({len(body)} bytes): {ours[0]:.0f}/s p99 {ours[1]:.2f} ms; "
                     f"nginx, same bytes, static: {theirs[0]:.0f}/s p99 {theirs[1]:.2f} ms = {ours[0] / theirs[0]:.2f} "
                     f"(target >= 0.5)")
        with bench.hummingbird_floor(len(body)) as floor:
            if floor:
                bare = bench.wrk(floor + "/source", home)
                lines.append(f"  the HTTP floor: Hummingbird answering the same bytes from memory {bare[0]:.0f}/s = "
                             f"{bare[0] / theirs[0]:.2f} of nginx; the sandbox {ours[0] / bare[0]:.2f} of it")
    finally:
        stop(sandbox)
    size = os.path.getsize(state) / 1048576
    restarted, _, _, ready = start(state, env)
    stop(restarted)
    fresh, _, _, fresh_ready = start(os.path.join(home, f"fresh-{count}.db"), env)
    stop(fresh)
    lines.append(f"  restart on the {size:.0f} MB state file: {ready * 1000:.0f} ms to listening (target < 500); "
                 f"a new state file: {fresh_ready * 1000:.0f} ms")
    floor = sqlite_peer(state, count)
    lines.append("  the floor: Python sqlite3 reading the same items page from the file, ms: " + ", ".join(
        f"{name} {value:.1f}" for name, value in floor.items()))
    os.remove(path)
    return lines


def main():
    counts = [int(arg) for arg in sys.argv[2:]] or [100_000, 1_000_000]
    home = tempfile.mkdtemp(prefix="pshell-bench-scale-")
    env = {"HOME": home, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for count in counts:
        scale(count, home, env)


if __name__ == "__main__":
    main()
