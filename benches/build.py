#!/usr/bin/env python3
"""Benchmark of `dossier build` (check, then the PDF and the JSON model).

Builds the release binary, then renders the example dossier several times and a synthetic
dossier of 10,000 artifacts once (or --runs times), reporting the median wall time and the
peak resident memory of the build process.

Usage: python3 benches/build.py [--runs N] [--sizes 10000]
Targets: the example dossier under 3 s; 10,000 artifacts under 60 s and under 2 GB peak.
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
    """Runs one child; returns (wall seconds, peak RSS in MB)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(exe, [exe] + args)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"dossier {' '.join(args)} exited {code}")
    return wall, usage.ru_maxrss / 1024.0


def report(label, samples):
    walls = [w for w, _ in samples]
    peak = max(m for _, m in samples)
    print(f"{label:>24} {statistics.median(walls):>10.2f} s {min(walls):>8.2f} s {peak:>8.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--large-runs", type=int, default=1)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    print(f"cores: {os.cpu_count()}")
    print(f"{'dossier':>24} {'median wall':>12} {'min wall':>10} {'peak RSS':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        example = os.path.join(ROOT, "example-dossier")
        build_args = ["build", "--as-of", "2026-11-23", "--out", os.path.join(tmp, "ex"), example]
        run_once(exe, build_args)  # warm the file cache
        report("example dossier", [run_once(exe, build_args) for _ in range(args.runs)])
        for size in (int(s) for s in args.sizes.split(",") if s):
            src = os.path.join(tmp, f"syn{size}")
            generated = subprocess.run(
                [exe, "generate", "--artifacts", str(size), src],
                check=True, capture_output=True, text=True,
            ).stdout.split()[1]
            build_args = ["build", "--as-of", "2026-11-23", "--out", os.path.join(tmp, f"out{size}"), src]
            samples = [run_once(exe, build_args) for _ in range(args.large_runs)]
            report(f"synthetic ({generated})", samples)


if __name__ == "__main__":
    main()
