#!/usr/bin/env python3
"""Benchmark of validating SBOMs and VEX documents against their standards (SBOM-006, VEX-002).

Two measurements, with the release binary:
  - the example dossier: median wall time of `dossier check` (and, with --baseline, of a
    binary built without validation, such as the commit before it), with the `--timings`
    lines that concern validation: compiling the schemas (on a thread of its own, beside
    the history stage) and validating;
  - a CycloneDX 1.6 SBOM of about 50 MB (components with hashes, purls, CPEs, licences and
    dependencies): wall time and peak memory of `check`, and the validation's share; then
    the same with its prior release named (the SBOM at a tag, read beside it for PRED-001).

Usage: python3 benches/standards.py [--runs N] [--baseline PATH-TO-OLD-DOSSIER]
Targets: validation adds at most 20% to `check` on the example dossier; the 50 MB SBOM is
read and validated in under 2 s on 2 cores.
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
FIXTURE = os.path.join(ROOT, "tests/fixtures/rules/TRACE-001/pass_unbroken")


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


def big_sbom(path, target_mb=50):
    """A dossier whose one SBOM is a conformant CycloneDX 1.6 file of about `target_mb` MB."""
    os.makedirs(os.path.join(path, "sbom"))
    for name in ("dossier.yaml", "device.yaml", "chain.yaml"):
        shutil.copy(os.path.join(FIXTURE, name), path)
    licences = ["MIT", "Apache-2.0", "BSD-3-Clause", "Zlib", "ISC"]

    def component(i):
        return {
            "type": "library",
            "bom-ref": f"ref-{i}",
            "supplier": {"name": f"Supplier {i % 97}"},
            "name": f"lib{i}",
            "version": f"1.{i % 10}.{i % 7}",
            "purl": f"pkg:npm/%40scope{i % 13}/lib{i}@1.{i % 10}.{i % 7}",
            "cpe": f"cpe:2.3:a:vendor{i % 13}:lib{i}:1.{i % 10}.{i % 7}:*:*:*:*:*:*:*",
            "licenses": [{"license": {"id": licences[i % len(licences)]}}],
            "hashes": [
                {"alg": "SHA-256", "content": f"{i:064x}"},
                {"alg": "SHA-1", "content": f"{i:040x}"},
            ],
            "properties": [{"name": "build:origin", "value": "registry"}],
        }

    # About 760 bytes a component with indent=1 and its dependency entry.
    n = target_mb * 1_000_000 // 760
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "timestamp": "2026-10-01T00:00:00Z",
            "authors": [{"name": "Build team"}],
            "component": {"type": "firmware", "name": "fw", "version": "1.0.0", "bom-ref": "root"},
        },
        "components": [component(i) for i in range(n)],
        "dependencies": [{"ref": "root", "dependsOn": [f"ref-{i}" for i in range(0, n, 100)]}]
        + [{"ref": f"ref-{i}", "dependsOn": [f"ref-{(i + 1) % n}"]} for i in range(n)],
    }
    file = os.path.join(path, "sbom/big.cdx.json")
    with open(file, "w") as f:
        json.dump(bom, f, indent=1)
    with open(os.path.join(path, "sbom.yaml"), "w") as f:
        f.write(
            "id: SBOM-001\nkind: sbom\ntitle: SBOM\nrevision: \"1\"\nstatus: approved\nauthor: A\n"
            "approvals:\n  - { name: P. Raman, role: Head of Quality, date: 2026-10-01 }\n"
            "path: sbom/big.cdx.json\nformat: cyclonedx\nspec_version: \"1.6\"\n"
            "release_version: 1.0.0\n"
        )
    return os.path.getsize(file), n


def run_once(exe, args):
    """Runs one child; returns (wall seconds, stderr)."""
    start = time.perf_counter()
    child = subprocess.Popen([exe] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, err = child.communicate()
    wall = time.perf_counter() - start
    if child.returncode not in (0, 1):
        sys.exit(f"dossier {' '.join(args)} exited {child.returncode}: {err.decode()[:400]}")
    return wall, err.decode()


def peak_mb(exe, args):
    """Peak resident memory of one run, in MB."""
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(exe, [exe] + args)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_maxrss / 1024.0


def timing(stderr, name):
    """A `--timings` line's milliseconds."""
    m = re.search(rf"{re.escape(name)}:\s+([0-9.]+) ms", stderr)
    return float(m.group(1)) if m else 0.0


def measure(exe, args, runs):
    results = [run_once(exe, args) for _ in range(runs)]
    wall = statistics.median(r[0] for r in results)
    med = lambda name: statistics.median(timing(r[1], name) for r in results)
    return wall, med


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", help="a dossier binary without validation, to compare")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    example = ["check", "--as-of", "2026-11-01", "--timings", os.path.join(ROOT, "example-dossier")]
    wall, med = measure(exe, example, args.runs)
    print(f"example dossier: check {wall * 1000:.1f} ms median of {args.runs}")
    print(f"  SBOMs read and validated beside the history walk: {med('beside it, sboms'):.1f} ms")
    print(f"  history stage (waits for them): {med('history'):.1f} ms")
    print(f"  validating (SBOMs and VEX): {med('  of which standards'):.1f} ms")
    if args.baseline:
        base_args = [a for a in example if a != "--timings"]
        base, _ = measure(args.baseline, base_args, args.runs)
        now, _ = measure(exe, base_args, args.runs)
        print(f"  without validation (baseline): {base * 1000:.1f} ms; with: {now * 1000:.1f} ms "
              f"(+{(now / base - 1) * 100:.0f}%)")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big")
        size, n = big_sbom(path)
        big = ["check", "--as-of", "2026-11-01", "--format", "short", "--timings", path]
        wall, med = measure(exe, big, max(3, args.runs // 5))
        rss = peak_mb(exe, big)
        print(f"CycloneDX 1.6 SBOM, {size / 1e6:.1f} MB, {n:,} components: check {wall:.2f} s, "
              f"{rss:.0f} MB peak")
        print(f"  SBOM stage {med('beside it, sboms'):.0f} ms, of which validating {med('  of which standards'):.0f} ms")
        # The same SBOM with its prior release named (`baseline:`): the prior release's copy
        # is read from Git beside it, components only, for the PRED-001 delta.
        git = lambda *a: subprocess.run(["git", "-C", path, *a], check=True, capture_output=True)
        git("init", "-q")
        git("-c", "user.name=Bench", "-c", "user.email=b@example.com", "add", "-A")
        git("-c", "user.name=Bench", "-c", "user.email=b@example.com", "commit", "-qm", "1.0.0")
        git("tag", "v1")
        with open(os.path.join(path, "dossier.yaml"), "a") as f:
            f.write("baseline: v1\n")
        wall, med = measure(exe, big, max(3, args.runs // 5))
        print(f"  with its prior release (`baseline: v1`, the same SBOM at the tag): check {wall:.2f} s, "
              f"history stage {med('history'):.0f} ms")


if __name__ == "__main__":
    main()
