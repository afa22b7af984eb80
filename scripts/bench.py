"""The measurements behind scripts/bench. Every figure is a median over several runs; wall is the monotonic
clock from spawn to reap, peak is the child's maximum resident set size (from wait4)."""
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1])
PY = sys.executable
GETS = 2000


def run(argv, stdin=None, env=None):
    """Runs argv to completion; returns (wall seconds, stdout)."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = proc.communicate(stdin)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({proc.returncode}): {err.decode()[-800:]}")
    return wall, out


def start_sandbox(env):
    """Starts `pshell sandbox`; returns the process, its URL and its administrator key."""
    sandbox = subprocess.Popen([BIN, "sandbox", "--org", "bench"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    banner = b""
    while b"view-only key" not in banner:
        line = sandbox.stdout.readline()
        if not line:
            sys.exit("bench: the standalone sandbox did not start")
        banner += line
    text = banner.decode()
    url = re.search(r"listening on (\S+)", text).group(1)
    key = re.search(r"admin key:\s+(\S+)", text).group(1)
    return sandbox, url, key


def cpu_run(argv, env=None):
    """Runs argv to completion; returns (wall seconds, CPU seconds user+system) from wait4."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        sys.exit(f"bench: {' '.join(argv)} failed: {proc.stderr.read().decode()[:500]}")
    return wall, usage.ru_utime + usage.ru_stime


def peak_rss(argv, env=None):
    """Peak RSS (MiB) of one run, from wait4."""
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


def median_wall(argv, runs, warmup=3, env=None):
    for _ in range(warmup):
        run(argv, env=env)
    return statistics.median(run(argv, env=env)[0] for _ in range(runs))


def interleaved_medians(commands, runs, warmup=3, env=None):
    """The median wall time of each command, the commands run one after the other in each round."""
    for _ in range(warmup):
        for argv in commands:
            run(argv, env=env)
    times = [[] for _ in commands]
    for _ in range(runs):
        for index, argv in enumerate(commands):
            times[index].append(run(argv, env=env)[0])
    return [statistics.median(t) for t in times]


def main():
    home = tempfile.mkdtemp(prefix="pshell-bench-")
    env = {"HOME": home, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}

    # 1. Start-up: hyperfine (no shell, 61 runs) when it is there; Python's own spawn costs a few ms more.
    if shutil.which("hyperfine"):
        report = os.path.join(home, "startup.json")
        subprocess.run(["hyperfine", "-N", "--warmup", "5", "--runs", "61", "--export-json", report, f"{BIN} -c help"],
                       env=env, check=True, capture_output=True)
        with open(report) as f:
            help_ms = json.load(f)["results"][0]["median"] * 1000
    else:
        help_ms = median_wall([BIN, "-c", "help"], runs=41, env=env) * 1000
    help_peak = peak_rss([BIN, "-c", "help"], env=env)
    # Beside curl's own start (the peer), and with a start-up file of three aliases run first (--rc).
    rc_folder = os.path.join(home, ".config", "pshell")
    os.makedirs(rc_folder, exist_ok=True)
    with open(os.path.join(rc_folder, "pshellrc"), "w") as f:
        f.write("alias mine 'list --filter $1'\nalias recent 'logs $1 --since 1h'\nset pager off\n")
    # Interleaved, one of each in turn: on a noisy machine, runs taken one block after the other drift apart.
    curl_version_ms, plain_help_ms, rc_help_ms = (
        ms * 1000 for ms in interleaved_medians(
            [["curl", "--version"], [BIN, "-c", "help"], [BIN, "--rc", "-c", "help"]], runs=41, env=env))
    import_ms = median_wall([PY, "-c", "import push_api_clientpy"], runs=11) * 1000
    pass_ms = median_wall([PY, "-c", "pass"], runs=11) * 1000

    # 2. 2,000 gets against the embedded sandbox (one process: sandbox start + create + 2,000 gets).
    script = "create bench --visibility SHARED\nset id $last.id\n" + "get $id\n" * GETS
    path = os.path.join(home, "gets.pshell")
    with open(path, "w") as f:
        f.write(script)
    embedded = statistics.median(run([BIN, path], env=env)[0] for _ in range(5))
    embedded_peak = peak_rss([BIN, path], env=env)

    # 3. The same GETs against the standalone sandbox: pshell, and Python's requests.Session.
    sandbox, url, key = start_sandbox(env)
    try:
        created = subprocess.run(
            [BIN, "--platform-url", url, "--push-url", url, "--org", "bench", "-c", "create standalone --visibility SHARED"],
            env={**env, "PSHELL_TOKEN": key}, capture_output=True, check=True)
        source = created.stdout.decode().strip()
        remote_script = os.path.join(home, "remote.pshell")
        with open(remote_script, "w") as f:
            f.write(f"get {source}\n" * GETS)
        argv = [BIN, "--platform-url", url, "--push-url", url, "--org", "bench", remote_script]
        loop = (
            "import requests, sys, time\n"
            "s = requests.Session(); s.headers['Authorization'] = 'Bearer ' + sys.argv[2]\n"
            "u = sys.argv[1]; s.get(u).raise_for_status()\n"
            "t = time.monotonic()\n"
            f"for _ in range({GETS}): s.get(u).json()\n"
            "print(time.monotonic() - t)\n")
        source_url = f"{url}/rest/organizations/bench/sources/{source}"
        python_loop = statistics.median(
            float(run([PY, "-c", loop, source_url, key])[1]) for _ in range(3))
        python_whole = statistics.median(run([PY, "-c", loop, source_url, key])[0] for _ in range(3))
        # curl: one process, one reused connection, the same GETs; its CPU from wait4 as pshell's.
        curl_config = os.path.join(home, "curl-plain.config")
        with open(curl_config, "w") as f:
            f.write(f'header = "Authorization: Bearer {key}"\nsilent\nfail\n')
            f.write(f'url = "{source_url}"\noutput = "/dev/null"\n' * GETS)
        # pshell and curl in turn, 7 of each: the medians, and the median of the 7 ratios (each pair ran together).
        pairs = [(cpu_run(argv, env={**env, "PSHELL_TOKEN": key}), cpu_run(["curl", "-K", curl_config], env=env))
                 for _ in range(7)]
        standalone, standalone_cpu = sorted(p for p, _ in pairs)[3]
        curl_plain, curl_plain_cpu = sorted(c for _, c in pairs)[3]
        paired_ratio = statistics.median(c[0] / p[0] for p, c in pairs)
        # AsyncHTTPClient alone (scripts/floors/client-floor): the same GETs with nothing else done, the floor
        # under pshell's `get` (whole process, as pshell's and curl's).
        client_floor = os.environ.get("PSHELL_BENCH_CLIENT_FLOOR")
        floor_runs = sorted(cpu_run([client_floor, source_url, key, str(GETS)], env=env) for _ in range(5)) \
            if client_floor and os.path.exists(client_floor) else None
    finally:
        sandbox.terminate()
        sandbox.wait()

    push_lines = bench_push(env, home)
    https_lines = bench_https(env, home)
    wrk_lines = bench_wrk(env, home)
    libraries = [line for line in subprocess.run(["ldd", BIN], capture_output=True).stdout.decode().splitlines()
                 if "=>" in line or line.strip().startswith("/")]

    print(f"pshell -c help, start to exit (median of 61, hyperfine): {help_ms:.1f} ms wall, peak {help_peak:.1f} MiB (target < 15 ms)")
    print(f"pshell -c help {plain_help_ms:.1f} ms, with the start-up file (--rc) {rc_help_ms:.1f} ms; curl --version "
          f"{curl_version_ms:.1f} ms (the same spawn by Python, median of 41 rounds of the three): {plain_help_ms / curl_version_ms:.2f}x and "
          f"{rc_help_ms / curl_version_ms:.2f}x of curl's (target <= 1.1x)")
    print(f"python -c 'import push_api_clientpy' (median of 11): {import_ms:.0f} ms ({pass_ms:.0f} ms for python -c pass)")
    print(f"pshell script of {GETS} gets, embedded sandbox, whole process (start, create, gets; median of 5): "
          f"{embedded:.2f} s = {GETS / embedded:.0f} commands/s, peak {embedded_peak:.1f} MiB (target >= 1,500/s)")
    print(f"pshell script of {GETS} gets, standalone sandbox, whole process (median of 7): "
          f"{standalone:.2f} s = {GETS / standalone:.0f} commands/s, {standalone_cpu / GETS * 1000:.2f} ms of CPU per command")
    print(f"python requests.Session, {GETS} GETs of the same source, standalone sandbox: loop {python_loop:.2f} s = "
          f"{GETS / python_loop:.0f} requests/s; whole process {python_whole:.2f} s")
    print(f"curl, one process, one reused connection, the same {GETS} GETs, standalone sandbox: {curl_plain:.2f} s = "
          f"{GETS / curl_plain:.0f} requests/s, {curl_plain_cpu / GETS * 1000:.3f} ms of CPU per request; pshell "
          f"{curl_plain / standalone:.2f} of curl's rate, {paired_ratio:.2f} as the median of 7 runs side by side "
          f"(target >= 0.85)")
    if floor_runs:
        floor_wall, floor_cpu = floor_runs[2]
        print(f"AsyncHTTPClient alone (scripts/floors/client-floor), the same {GETS} GETs, one connection, nothing else "
              f"done: {floor_wall:.2f} s = {GETS / floor_wall:.0f} requests/s, {floor_cpu / GETS * 1000:.3f} ms of CPU "
              f"per request; {curl_plain / floor_wall:.2f} of curl's rate; pshell {floor_wall / standalone:.2f} of it")


    print(f"shared libraries loaded by the release binary (ldd): {len(libraries)} (target <= 12): "
          + ", ".join(sorted(os.path.basename(line.split()[0]) for line in libraries)))
    for line in push_lines + https_lines + wrk_lines:
        print(line)
    # Search as a user over 100,000 items with permissions, beside the same filter as a hand-written SQLite query.
    sys.stdout.flush()
    subprocess.run([PY, os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_search.py"), BIN], check=True)


def wrk(url, home, headers=None):
    """wrk -t2 -c32 -d10s --latency: requests/s and p99 in ms."""
    script = os.path.join(home, "wrk.lua")
    with open(script, "w") as f:
        for name, value in (headers or {}).items():
            f.write(f"wrk.headers['{name}'] = '{value}'\n")
    out = subprocess.run(["wrk", "-t2", "-c32", "-d10s", "--latency", "-s", script, url], capture_output=True, check=True).stdout.decode()
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    p99 = re.search(r"99%\s+([0-9.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"bench: wrk got {errors.group(1)} non-2xx answers from {url}")
    return rate, float(p99.group(1)) * scale


def bench_wrk(env, home):
    """GET source on the standalone sandbox under wrk, beside nginx serving a static answer of the same size,
    in the same run (nginx from Debian; scripts/bench installs it with wrk)."""
    if not shutil.which("wrk") or not shutil.which("nginx"):
        return ["wrk or nginx is not installed: no server figures (scripts/bench installs them)"]
    sandbox, url, key = start_sandbox(env)
    try:
        created = subprocess.run(
            [BIN, "--platform-url", url, "--push-url", url, "--org", "bench", "-c", "create wrk --visibility SHARED"],
            env={**env, "PSHELL_TOKEN": key}, capture_output=True, check=True)
        source_url = f"{url}/rest/organizations/bench/sources/{created.stdout.decode().strip()}"
        body = subprocess.run(["curl", "-s", "-H", f"Authorization: Bearer {key}", source_url], capture_output=True, check=True).stdout
        ours = wrk(source_url, home, {"Authorization": f"Bearer {key}"})
    finally:
        sandbox.terminate()
        sandbox.wait()
    theirs = nginx_static(body, home)
    with hummingbird_floor(len(body)) as floor:
        bare = wrk(floor + "/source", home) if floor else None
    floor_line = [] if bare is None else [
        f"wrk -t2 -c32 -d10s, Hummingbird answering {len(body)} bytes from memory, same run: {bare[0]:.0f} requests/s, "
        f"p99 {bare[1]:.2f} ms: the sandbox {ours[0] / bare[0]:.2f} of it, nginx {theirs[0] / bare[0]:.2f}x it"]
    return [
        f"wrk -t2 -c32 -d10s, GET source ({len(body)} bytes), standalone sandbox: {ours[0]:.0f} requests/s, p99 {ours[1]:.2f} ms "
        f"(targets >= 15,000/s, p99 < 10 ms)",
        f"wrk -t2 -c32 -d10s, nginx serving the same {len(body)} bytes as a static file, same run: {theirs[0]:.0f} requests/s, "
        f"p99 {theirs[1]:.2f} ms",
    ] + floor_line


def nginx_static(body, home):
    """nginx serving `body` as a static file, under the same wrk run: (requests/s, p99 ms)."""
    # nginx's workers run as another user: their folder must be readable by anyone (home is 0700).
    root = tempfile.mkdtemp(prefix="pshell-bench-nginx-")
    os.chmod(root, 0o755)
    os.makedirs(os.path.join(root, "logs"), exist_ok=True)
    with open(os.path.join(root, "source.json"), "wb") as f:
        f.write(body)
    os.chmod(os.path.join(root, "source.json"), 0o644)
    port = 18000 + os.getpid() % 1000
    with open(os.path.join(root, "nginx.conf"), "w") as f:
        f.write(f"""worker_processes 2; pid {root}/nginx.pid; error_log {root}/logs/error.log; daemon on;
events {{ worker_connections 1024; }}
http {{ access_log off; default_type application/json;
  server {{ listen 127.0.0.1:{port}; root {root}; location / {{ try_files /source.json =404; }} }} }}
""")
    subprocess.run(["nginx", "-p", root, "-c", os.path.join(root, "nginx.conf")], check=True, capture_output=True)
    try:
        return wrk(f"http://127.0.0.1:{port}/", home)
    finally:
        subprocess.run(["nginx", "-p", root, "-c", os.path.join(root, "nginx.conf"), "-s", "stop"], check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def hummingbird_floor(size):
    """scripts/floors' hummingbird-floor on a free port, answering `size` bytes from memory: the HTTP stack's own cost,
    the floor under any handler built on it. Yields its URL, or None when scripts/bench did not build it."""
    binary = os.environ.get("PSHELL_BENCH_FLOOR")
    if not binary or not os.path.exists(binary):
        yield None
        return
    port = 19000 + os.getpid() % 1000
    server = subprocess.Popen([binary, str(port), str(size)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


def make_certificates(folder):
    """A CA and a certificate for 127.0.0.1 signed by it, made by openssl for this run."""
    ext = os.path.join(folder, "server.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    ca, key, cert = (os.path.join(folder, n) for n in ("ca.pem", "server.key", "server.pem"))
    for step in (
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", os.path.join(folder, "ca.key"),
         "-out", ca, "-days", "2", "-subj", "/CN=pshell bench CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign"],
        ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
         os.path.join(folder, "server.csr"), "-subj", "/CN=127.0.0.1"],
        ["x509", "-req", "-in", os.path.join(folder, "server.csr"), "-CA", ca, "-CAkey", os.path.join(folder, "ca.key"),
         "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext],
    ):
        subprocess.run(["openssl"] + step, check=True, capture_output=True)
    os.chmod(key, 0o644)  # nginx's workers run as another user
    return ca, cert, key


def bench_https(env, home):
    """The real path: HTTPS, through nginx (TLS, HTTP/2) in front of the standalone sandbox, with a CA made for the
    run and given with --cacert. 2,000 gets (wall and pshell's CPU per command) beside Python's requests.Session and
    curl (one process, one reused connection each) on the same endpoint; then 100,000 items push @FILE --wait."""
    if not shutil.which("nginx"):
        return ["nginx is not installed: no HTTPS figures (scripts/bench installs it)"]
    root = tempfile.mkdtemp(prefix="pshell-bench-tls-")
    os.chmod(root, 0o755)
    os.makedirs(os.path.join(root, "logs"), exist_ok=True)
    ca, cert, key = make_certificates(root)
    sandbox, url, admin = start_sandbox(env)
    port = 19000 + os.getpid() % 1000
    upstream = url.split("//")[1]
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 2; pid {root}/nginx.pid; error_log {root}/logs/error.log; daemon on;
events {{ worker_connections 1024; }}
http {{ access_log off; client_max_body_size 300m; proxy_request_buffering off; proxy_buffering off;
  upstream sandbox {{ server {upstream}; keepalive 32; }}
  server {{ listen 127.0.0.1:{port} ssl http2; ssl_certificate {cert}; ssl_certificate_key {key};
    location / {{ proxy_pass http://sandbox; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $http_host; proxy_set_header X-Forwarded-Proto https; }} }}
  server {{ listen 127.0.0.1:{port + 1} ssl; ssl_certificate {cert}; ssl_certificate_key {key};
    location / {{ proxy_pass http://sandbox; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $http_host; proxy_set_header X-Forwarded-Proto https; }} }} }}
""")
    subprocess.run(["nginx", "-p", root, "-c", conf], check=True, capture_output=True)
    https = f"https://127.0.0.1:{port}"
    penv = {**env, "PSHELL_TOKEN": admin}
    base = [BIN, "--platform-url", https, "--push-url", https, "--org", "bench", "--cacert", ca]
    try:
        created = subprocess.run(base + ["-c", "create https --visibility SHARED"], env=penv, capture_output=True)
        if created.returncode != 0:
            sys.exit(f"bench: create over https failed: {created.stderr.decode()[:300]}")
        source = created.stdout.decode().strip()
        script = os.path.join(home, "https.pshell")
        with open(script, "w") as f:
            f.write(f"get {source}\n" * GETS)
        runs = sorted(cpu_run(base + [script], env=penv) for _ in range(5))
        wall, cpu = runs[2]
        # The same server without HTTP/2: SwiftNIO's HTTP/2 makes a channel per request, which costs CPU.
        https1 = f"https://127.0.0.1:{port + 1}"
        base1 = [BIN, "--platform-url", https1, "--push-url", https1, "--org", "bench", "--cacert", ca]
        wall1, cpu1 = sorted(cpu_run(base1 + [script], env=penv) for _ in range(5))[2]
        source_url = f"{https}/rest/organizations/bench/sources/{source}"
        loop = (
            "import requests, sys, time\n"
            "s = requests.Session(); s.verify = sys.argv[3]; s.headers['Authorization'] = 'Bearer ' + sys.argv[2]\n"
            "u = sys.argv[1]; s.get(u).raise_for_status()\n"
            "t = time.monotonic()\n"
            f"for _ in range({GETS}): s.get(u).json()\n"
            "print(time.monotonic() - t)\n")
        # A clean environment: requests lets REQUESTS_CA_BUNDLE override a session's own CA.
        python_loop = statistics.median(float(run([PY, "-c", loop, source_url, admin, ca], env=env)[1]) for _ in range(3))
        curl_config = os.path.join(home, "curl.config")
        with open(curl_config, "w") as f:
            f.write(f'header = "Authorization: Bearer {admin}"\ncacert = "{ca}"\nsilent\nfail\n')
            f.write(f'url = "{source_url}"\noutput = "/dev/null"\n' * GETS)
        curl_wall = statistics.median(run(["curl", "-K", curl_config], env=env)[0] for _ in range(3))

        items = os.path.join(home, "items.ndjson")
        pushed = subprocess.run(base + ["-c", "create https-items --visibility SHARED"], env=penv, capture_output=True, check=True)
        push_source = pushed.stdout.decode().strip()
        push_wall, push_cpu = cpu_run(base + ["-c", f"push {push_source} @{items} --wait"], env=penv)
    finally:
        subprocess.run(["nginx", "-p", root, "-c", conf, "-s", "stop"], check=False, capture_output=True)
        sandbox.terminate()
        sandbox.wait()
        shutil.rmtree(root, ignore_errors=True)
    return [
        f"HTTPS through nginx in front of the standalone sandbox, --cacert: pshell script of {GETS} gets, whole process "
        f"(median of 5), HTTP/1.1: {wall1:.2f} s = {GETS / wall1:.0f} commands/s, {cpu1 / GETS * 1000:.2f} ms of CPU per command; "
        f"HTTP/2: {wall:.2f} s = {GETS / wall:.0f} commands/s, {cpu / GETS * 1000:.2f} ms of CPU per command (targets >= 1,500/s, <= 0.3 ms)",
        f"  python requests.Session, same {GETS} GETs over HTTPS (HTTP/1.1): loop {python_loop:.2f} s = {GETS / python_loop:.0f} requests/s",
        f"  curl, one process, one reused connection, same {GETS} GETs (HTTP/2): {curl_wall:.2f} s = {GETS / curl_wall:.0f} requests/s",
        f"  pshell push @FILE --wait, {ITEMS} items over HTTPS (upload through nginx too): {push_wall:.2f} s = "
        f"{ITEMS / push_wall:.0f} items/s, {push_cpu:.2f} s of CPU (target >= 30,000/s)",
    ]


ITEMS = 100_000
PY_PUSH = """
import json, sys, time
from push_api_clientpy import BatchUpdate, DocumentBuilder, PlatformClient, Source
base, org, key, source_id, path = sys.argv[1:6]
PlatformClient._PlatformClient__basePushURL = lambda self: f"{base}/push/v1/organizations/{self.organizationid}"
PlatformClient._PlatformClient__basePlatformURL = lambda self: f"{base}/rest/organizations/{self.organizationid}"
docs = []
with open(path) as f:
    for line in f:
        item = json.loads(line)
        docs.append(DocumentBuilder(item["documentId"], item["title"]).withData(item["data"]).withMetadataValue("category", item["category"]))
response = Source(key, org).batchUpdateDocuments(source_id, BatchUpdate(addOrUpdate=docs, delete=[]))
assert response.status_code == 202, response.status_code
"""


def bench_push(env, home):
    """100,000 items of about 1 KB from NDJSON: pshell `push SOURCE @FILE --wait` against the standalone sandbox
    (whole process, peak RSS from wait4), beside the Python client's batchUpdateDocuments of the same items."""
    import random
    random.seed(1)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau".split()
    path = os.path.join(home, "items.ndjson")
    with open(path, "w") as f:
        for i in range(ITEMS):
            text = " ".join(random.choice(words) for _ in range(140))[:900]
            f.write(json.dumps({"documentId": f"https://example.com/item/{i}", "title": f"Item {i}", "data": text,
                                "category": words[i % len(words)]}) + "\n")
    size_mb = os.path.getsize(path) / 1048576
    sandbox, url, key = start_sandbox(env)
    penv = {**env, "PSHELL_TOKEN": key}
    base = [BIN, "--platform-url", url, "--push-url", url, "--org", "bench"]
    try:
        ours = subprocess.run(base + ["-c", "create pshell-items --visibility SHARED"], env=penv, capture_output=True, check=True)
        source = ours.stdout.decode().strip()
        start = time.monotonic()
        proc = subprocess.Popen(base + ["-c", f"push {source} @{path} --wait"], env=penv,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = proc.communicate()
        wall = time.monotonic() - start
        if proc.returncode != 0:
            sys.exit(f"bench: pshell push failed: {err.decode()[:300]}")
        peak = peak_rss(base + ["-c", f"push {source} @{path}"], env=penv)
        # The same items through the Stream API into a Catalog source (Coveo's Python client has no stream: the
        # peer is pshell's own push above): `stream update` sends each container to stream/update.
        made = subprocess.run(base + ["-c", "create pshell-catalog --catalog --visibility SHARED"], env=penv,
                              capture_output=True, check=True)
        catalog = made.stdout.decode().strip()
        start = time.monotonic()
        streamed = subprocess.run(base + ["-c", f"stream {catalog} update @{path} --wait"], env=penv, capture_output=True)
        stream_wall = time.monotonic() - start
        if streamed.returncode != 0:
            sys.exit(f"bench: pshell stream update failed: {streamed.stderr.decode()[:300]}")
        stream_peak = peak_rss(base + ["-c", f"stream {catalog} update @{path}"], env=penv)
        theirs = subprocess.run(base + ["-c", "create python-items --visibility SHARED"], env=penv, capture_output=True, check=True)
        py_source = theirs.stdout.decode().strip()
        start = time.monotonic()
        subprocess.run([PY, "-c", PY_PUSH, url, "bench", key, py_source, path], check=True)
        # Then wait, as pshell's --wait does, until the sandbox has indexed them all.
        while True:
            items = subprocess.run(base + ["-c", f"items {py_source} --output json"], env=penv, capture_output=True, check=True)
            answer = json.loads(items.stdout)
            if answer["pendingOperations"] == 0 and answer["totalItems"] == ITEMS:
                break
            time.sleep(0.2)
        py_wall = time.monotonic() - start
    finally:
        sandbox.terminate()
        sandbox.wait()
    return [
        f"pshell push @FILE --wait, {ITEMS} items ({size_mb:.0f} MB NDJSON), standalone sandbox: {wall:.2f} s = "
        f"{ITEMS / wall:.0f} items/s end to end, peak {peak:.0f} MiB (targets >= 20,000/s, < 150 MiB)",
        f"pshell stream update @FILE --wait, same items into a Catalog source: {stream_wall:.2f} s = "
        f"{ITEMS / stream_wall:.0f} items/s end to end, peak {stream_peak:.0f} MiB ({wall / stream_wall:.2f}x push's rate)",
        f"Python client batchUpdateDocuments, same items, until indexed: {py_wall:.2f} s = {ITEMS / py_wall:.0f} items/s "
        f"(pshell {py_wall / wall:.1f}x faster; target 5x)",
    ]


if __name__ == "__main__":
    main()
