#!/usr/bin/env python3
"""Benchmark of `dossier check` on hostile sizes: the cost must grow at most n log n.

Builds the release binary, then writes dossiers that an attacker (or an unlucky import)
could commit, each at two sizes so the growth shows:
  - duplicate IDs: N artifacts that all share one ID, checked with the default (human)
    output, which prints a snippet for each finding;
  - a CycloneDX SBOM of N components with 10,000 dependency edges, an addendum and a VEX
    document of 1,000 entries each (component lookups), and `compositions` declaring every
    component (completeness lookups).
Reports the median wall time and peak memory of `check` for each, and the ratio between
the two sizes (4 is linear for a 4x larger input; 16 would be quadratic).

Usage: python3 benches/hostile.py [--runs N]
Target: `check` on a 100,000-component SBOM under 3 s on 2 cores.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "tests/fixtures/rules/TRACE-001/pass_unbroken")


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


def base(path):
    os.makedirs(path)
    for name in ("dossier.yaml", "device.yaml", "chain.yaml"):
        shutil.copy(os.path.join(FIXTURE, name), path)


def duplicates(path, n):
    base(path)
    with open(os.path.join(path, "dups.yaml"), "w") as f:
        for i in range(n):
            f.write(
                f"- id: THR-1\n  kind: threat\n  title: Duplicate {i}\n  revision: \"1\"\n"
                "  status: approved\n  author: A\n  category: T\n  assets: [AST-1]\n"
                "  entry_interfaces: [IF-1]\n  attack_vector: adjacent\n"
                "  lifecycle_phase: operation\n"
            )


def sbom(path, n):
    base(path)
    os.makedirs(os.path.join(path, "sbom"))
    components = [
        {
            "type": "library",
            "name": f"lib{i}",
            "version": "1.0.0",
            "bom-ref": f"ref-{i}",
            "purl": f"pkg:npm/lib{i}@1.0.0",
            "supplier": {"name": "Supplier"},
        }
        for i in range(n)
    ]
    edges = [{"ref": f"ref-{i}", "dependsOn": [f"ref-{(i * 7 + 1) % n}"]} for i in range(10_000)]
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "timestamp": "2026-10-01T00:00:00Z",
            "component": {"type": "firmware", "name": "fw", "version": "1.0.0", "bom-ref": "root"},
        },
        "components": components,
        "dependencies": edges,
        "compositions": [{"aggregate": "complete", "assemblies": [f"ref-{i}" for i in range(n)]}],
    }
    with open(os.path.join(path, "sbom/big.cdx.json"), "w") as f:
        json.dump(bom, f, indent=1)
    statements = [
        {
            "vulnerability": {"name": f"CVE-2026-{10000 + i}"},
            "products": [{"@id": f"pkg:npm/lib{n - 1 - i}@1.0.0"}],
            "status": "not_affected",
            "justification": "vulnerable_code_not_present",
        }
        for i in range(1000)
    ]
    vex = {
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": "https://example.com/vex/1",
        "author": "PSIRT",
        "timestamp": "2026-10-01T00:00:00Z",
        "version": 1,
        "statements": statements,
    }
    with open(os.path.join(path, "sbom/big.openvex.json"), "w") as f:
        json.dump(vex, f, indent=1)
    addendum = "".join(
        f"    - component: ref-{n - 1 - i}\n      level_of_support: actively_maintained\n"
        "      end_of_support: 2034-12-31\n"
        for i in range(1000)
    )
    with open(os.path.join(path, "sbom.yaml"), "w") as f:
        f.write(
            "id: SBOM-001\nkind: sbom\ntitle: SBOM\nrevision: \"1\"\nstatus: approved\nauthor: A\n"
            "approvals:\n  - { name: P. Raman, role: Head of Quality, date: 2026-10-01 }\n"
            "path: sbom/big.cdx.json\nformat: cyclonedx\nspec_version: \"1.6\"\n"
            "release_version: 1.0.0\nvex: [sbom/big.openvex.json]\naddendum:\n" + addendum
        )


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
    if code not in (0, 1):
        sys.exit(f"dossier {' '.join(args)} exited {code}")
    return wall, usage.ru_maxrss / 1024.0


def measure(exe, args, runs):
    results = [run_once(exe, args) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    cases = [
        ("duplicate IDs, human output", duplicates, (1_000, 4_000), []),
        ("SBOM components (10,000 edges)", sbom, (25_000, 100_000), ["--format", "short"]),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, sizes, flags in cases:
            timings = []
            for n in sizes:
                path = os.path.join(tmp, f"{make.__name__}-{n}")
                make(path, n)
                wall, rss = measure(exe, ["check", "--as-of", "2026-11-01", *flags, path], args.runs)
                timings.append(wall)
                print(f"{name:32} n={n:>7,}: {wall:6.2f} s  {rss:7.0f} MB")
            print(f"{name:32} growth x{sizes[1] / sizes[0]:.0f} input: x{timings[1] / timings[0]:.1f} time")


if __name__ == "__main__":
    main()
