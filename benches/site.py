#!/usr/bin/env python3
"""Benchmark of the HTML site: how long `dossier build` spends rendering the site (every
page in memory: artifact pages in parallel, indexes, matrices, gap report, rule catalogue,
SBOM, mapping, search index) and writing it, from `build --timings`.

Builds the release binary, generates synthetic dossiers and builds each --runs times,
reporting the median of the `site` stage (render) and of the `site` + `write` stages (the
write stage also writes the PDF and JSON, a small part of it).

Usage: python3 benches/site.py [--runs N] [--sizes 1000,10000]
Target: the site of 10,000 artifacts written in under 3 s on 2 cores.
"""

import argparse
import os
import re
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


def stages(exe, args):
    """Runs `build --timings`; returns {stage: milliseconds}."""
    done = subprocess.run([exe] + args, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"dossier {' '.join(args)} exited {done.returncode}: {done.stderr}")
    out = {}
    for line in done.stderr.splitlines():
        m = re.match(r"\s*(\w+):\s+([\d.]+) ms", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    print(f"cores: {os.cpu_count()}")
    print(f"{'dossier':>24} {'site render':>12} {'+ write':>10} {'pages':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        inputs = [("example", os.path.join(ROOT, "example-dossier"))]
        for size in (int(s) for s in args.sizes.split(",") if s):
            src = os.path.join(tmp, f"syn{size}")
            generated = subprocess.run(
                [exe, "generate", "--artifacts", str(size), src],
                check=True, capture_output=True, text=True,
            ).stdout.split()[1]
            inputs.append((f"synthetic ({generated})", src))
        for label, src in inputs:
            out = os.path.join(tmp, "out-" + label.split()[0] + str(len(src)))
            runs = [stages(exe, ["build", "--timings", "--as-of", "2026-11-23", "--out", out, src])
                    for _ in range(args.runs)]
            render = statistics.median(r["site"] for r in runs) / 1000
            total = statistics.median(r["site"] + r["write"] for r in runs) / 1000
            pages = sum(len(f) for _, _, f in os.walk(os.path.join(out, "site")))
            print(f"{label:>24} {render:>10.2f} s {total:>8.2f} s {pages:>8}")


if __name__ == "__main__":
    main()
