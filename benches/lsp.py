#!/usr/bin/env python3
"""Benchmark of `dossier lsp`, driven over stdio as an editor drives it.

Builds the release binary, generates synthetic dossiers (`dossier generate`: complete trace
chains, 20 artifacts per file) of 1,000 and 10,000 artifacts in a Git repository of their
own, starts the server on each, opens one file and then:

- types: sends N edits of that file (each a whole new text, as full synchronisation does),
  one at a time, and times each from the edit to the diagnostics published for it (the
  server waits 60 ms after an edit for the next before it checks; that debounce is
  subtracted, so the figure is the re-check and the publishing);
- asks: times hover and completion requests on an ID of that file;
- reports the p50 and p95 of each, and the server's peak resident memory.

Usage: python3 benches/lsp.py [--edits N] [--sizes 1000,10000]
Targets (issue "dossier lsp"): re-check p95 under 30 ms at 1,000 artifacts and under 150 ms
at 10,000; hover and completion under 10 ms at 10,000; memory under 200 MB at 10,000.
"""

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEBOUNCE = 0.060


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


class Server:
    def __init__(self, exe, root):
        self.proc = subprocess.Popen([exe, "lsp", "--as-of", "2026-11-01", root],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self):
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server stopped")
            line = line.strip()
            if not line:
                break
            if line.startswith(b"Content-Length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == rid:
                return message.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics_for(self, uri):
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and \
                    message["params"]["uri"] == uri:
                return message["params"]["diagnostics"]


def peak_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def bench(exe, size, edits):
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "dossier")
        subprocess.run([exe, "generate", "--artifacts", str(size), root], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["git", "init", "-q", root], check=True)
        subprocess.run(["git", "-C", root, "add", "-A"], check=True)
        subprocess.run(["git", "-C", root, "-c", "user.name=b", "-c", "user.email=b@b",
                        "commit", "-qm", "generated"], check=True)
        files = sorted(f for f in os.listdir(root) if f.endswith(".yaml") and f != "dossier.yaml")
        path = os.path.realpath(os.path.join(root, files[len(files) // 2]))
        uri = "file://" + path
        text = open(path).read()
        server = Server(exe, root)
        started = time.perf_counter()
        server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        server.notify("initialized", {})
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
        server.diagnostics_for(uri)
        # The first check (with the history walk) ran at start; time the edits.
        recheck = []
        for n in range(edits):
            # A title edit: the file still parses, every artifact is checked again.
            edited = text.replace("title: ", f"title: edit {n} ", 1)
            t = time.perf_counter()
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": n + 2},
                "contentChanges": [{"text": edited}]})
            server.diagnostics_for(uri)
            recheck.append((time.perf_counter() - t - DEBOUNCE) * 1000.0)
        # An ID of the file, for hover and completion.
        at = text.index("id: ") + 4
        line = text[:at].count("\n")
        column = at - (text.rfind("\n", 0, at) + 1)
        position = {"line": line, "character": column + 1}
        hover, completion = [], []
        for _ in range(20):
            t = time.perf_counter()
            server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
            hover.append((time.perf_counter() - t) * 1000.0)
        link = text.find("verifies: [")
        if link >= 0:
            at = link + len("verifies: [")
            line = text[:at].count("\n")
            column = at - (text.rfind("\n", 0, at) + 1)
            for _ in range(20):
                t = time.perf_counter()
                server.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                           "position": {"line": line, "character": column}})
                completion.append((time.perf_counter() - t) * 1000.0)
        memory = peak_mb(server.proc.pid)
        server.request("shutdown", None)
        server.notify("exit", None)
        server.proc.wait(timeout=30)
        completion = completion or [0.0]
        print(f"{size:>6} artifacts: start {time.perf_counter() - started:.1f} s total; "
              f"re-check p50 {statistics.median(recheck):.0f} ms, p95 {percentile(recheck, 95):.0f} ms; "
              f"hover p50 {statistics.median(hover):.2f} ms, p95 {percentile(hover, 95):.2f} ms; "
              f"completion p50 {statistics.median(completion):.1f} ms, p95 {percentile(completion, 95):.1f} ms; "
              f"peak {memory:.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    for size in (int(s) for s in args.sizes.split(",") if s):
        bench(exe, size, args.edits)


if __name__ == "__main__":
    main()
