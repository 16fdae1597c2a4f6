#!/usr/bin/env python3
"""Benchmark of `dossier build` (check, then the PDF and the JSON model).

Builds the release binary, then renders the example dossier several times and synthetic
dossiers of 10,000 artifacts once (or --large-runs times) in two shapes, reporting the median
wall time and the peak resident memory of the build process:

- clean: `dossier generate`'s complete trace chains, 20 artifacts per file, no finding;
- findings: a dossier early in its life, imported from spreadsheets: the same split into one
  file per artifact with Markdown descriptions, a quarter of the threats assessed by no risk
  and half of the controls tied to no requirement (as `benches/parse.py` writes it), every
  artifact still in review without an approval, and no test run yet (about two findings per
  artifact).

Usage: python3 benches/build.py [--runs N] [--sizes 10000] [--shapes clean,findings]
Targets: the example dossier under 3 s; 10,000 artifacts under 60 s and under 2 GB peak
(clean), under 30 s and under 2 GB with 20,000 open findings.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from parse import split_into_files  # noqa: E402  (the corpus shape of the parse benchmark)


def early_in_life(root):
    """Every artifact in review with no approval yet, and no test result recorded."""
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            if not name.endswith(".yaml") or name == "dossier.yaml":
                continue
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if not text.startswith("id: "):
                continue
            text = text.replace("status: approved\n", "status: in_review\n", 1)
            text = re.sub(r"(?m)^approvals:\n(  - .*\n)+", "", text)
            if "\nkind: test\n" in text:
                text = re.sub(r"(?m)^result: .*\n", "", text)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)


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
    if code not in (0, 1):  # 1: the build succeeded with findings open
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
    parser.add_argument("--shapes", default="clean,findings")
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
            for shape in args.shapes.split(","):
                src = os.path.join(tmp, f"syn{size}-{shape}")
                generated = subprocess.run(
                    [exe, "generate", "--artifacts", str(size), src],
                    check=True, capture_output=True, text=True,
                ).stdout.split()[1]
                if shape == "findings":
                    generated = f"{split_into_files(src)} files"
                    early_in_life(src)
                out = os.path.join(tmp, f"out{size}-{shape}")
                # The budget is raised so that the build is measured even where its estimate is
                # over the default 2 GiB (where `build` would stop before layout).
                build_args = ["build", "--as-of", "2026-11-23", "--memory-budget", "16384", "--out", out, src]
                samples = [run_once(exe, build_args) for _ in range(args.large_runs)]
                with open(os.path.join(out, "dossier.json"), encoding="utf-8") as f:
                    summary = json.load(f)["summary"]
                findings = summary["errors"] + summary["warnings"] + summary["infos"]
                pages = ""
                if shutil.which("pdfinfo"):  # Debian's poppler-utils, when installed
                    pages = subprocess.run(["pdfinfo", os.path.join(out, "submission.pdf")], capture_output=True, text=True).stdout
                pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
                size_mb = os.path.getsize(os.path.join(out, "submission.pdf")) / 1e6
                report(f"{shape} ({generated}, {findings} findings)", samples)
                print(f"{'':>24} PDF: {pages} pages, {size_mb:.0f} MB")

if __name__ == "__main__":
    main()
