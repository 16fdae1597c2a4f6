#!/usr/bin/env python3
"""Benchmark of `dossier check` on synthetic dossiers.

Builds the release binary, generates synthetic dossiers (complete trace chains that pass
every rule) of 1,000 and 10,000 artifacts, and runs `check` on each several times.
Reports the median wall time, the peak resident memory of the check process, and the
median time of the rules stage (all rules and waivers, from `check --timings`).

Usage: python3 benches/check.py [--runs N] [--sizes 1000,10000]
Targets: 10,000 artifacts under 0.5 s wall on 2 cores, under 300 MB peak; all rules
together under 100 ms of that.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


def run_once(exe, args):
    """Runs one child; returns (wall seconds, peak RSS in MB, rules-stage ms)."""
    err_r, err_w = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(err_w, 2)
        os.execv(exe, [exe] + args)
    os.close(err_w)
    with os.fdopen(err_r) as err:
        stderr = err.read()
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"dossier {' '.join(args)} exited {code}: {stderr}")
    rules = 0.0
    for line in stderr.splitlines():
        if line.strip().startswith("rules:"):
            rules = float(line.split(":")[1].split()[0])
    return wall, usage.ru_maxrss / 1024.0, rules


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    print(f"cores: {os.cpu_count()}; runs per size: {args.runs}")
    print(f"{'artifacts':>10} {'median wall':>12} {'min wall':>10} {'peak RSS':>10} {'rules stage':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            out = os.path.join(tmp, f"syn{size}")
            generated = subprocess.run(
                [exe, "generate", "--artifacts", str(size), out],
                check=True, capture_output=True, text=True,
            ).stdout.split()[1]
            run_once(exe, ["check", "--timings", out])  # warm the file cache
            samples = [run_once(exe, ["check", "--timings", out]) for _ in range(args.runs)]
            walls = [w for w, _, _ in samples]
            peak = max(m for _, m, _ in samples)
            rules = statistics.median(r for _, _, r in samples)
            print(f"{generated:>10} {statistics.median(walls):>10.3f} s {min(walls):>8.3f} s {peak:>7.1f} MB {rules:>9.1f} ms")


if __name__ == "__main__":
    main()
