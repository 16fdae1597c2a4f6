#!/usr/bin/env python3
"""Benchmark of offline advisory matching (`dossier check --advisories DIR`).

Writes a dossier whose SBOM has --components components (npm, PyPI, Maven, Debian and
generic packages, so every version ordering is exercised) and a folder of --advisories OSV
records, one file each as the OSV exports are laid out, about one in twenty naming a package
the SBOM ships. Runs `dossier check --timings` and reports the "advisories" stage (reading
the folder, indexing by package, matching) and the whole check's wall time and peak memory.

Usage: python3 benches/advisories.py [--components 5000] [--advisories 100000] [--runs 3]
Target: the advisories stage under 2 s on 2 cores.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = os.path.join(ROOT, "tests", "fixtures", "rules", "VULN-001", "pass_advisory_recorded")
ECOSYSTEMS = [
    ("npm", "npm", "pkg:npm/{n}@{v}", "SEMVER"),
    ("pypi", "PyPI", "pkg:pypi/{n}@{v}", "ECOSYSTEM"),
    ("maven", "Maven", "pkg:maven/org.example/{n}@{v}", "ECOSYSTEM"),
    ("deb", "Debian:12", "pkg:deb/debian/{n}@{v}", "ECOSYSTEM"),
    ("generic", "generic", "pkg:generic/{n}@{v}", "ECOSYSTEM"),
]


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


def package(i):
    kind, eco, purl, rtype = ECOSYSTEMS[i % len(ECOSYSTEMS)]
    name = f"pkg{i}"
    maven_name = f"org.example:{name}" if kind == "maven" else name
    version = f"{1 + i % 7}.{i % 13}.{i % 5}" + ("-1" if kind == "deb" else "")
    return kind, eco, name, maven_name, version, purl.format(n=name, v=version), rtype


def write_dossier(dir, components):
    shutil.copytree(BASE, dir, ignore=shutil.ignore_patterns("advisories", "sbom"))
    manifest = open(os.path.join(dir, "dossier.yaml")).read()
    open(os.path.join(dir, "dossier.yaml"), "w").write(
        manifest.replace("parameters:\n  advisories: advisories\n", ""))
    bom = json.load(open(os.path.join(BASE, "sbom", "fw.cdx.json")))
    comps = []
    for i in range(components):
        _, _, name, _, version, purl, _ = package(i)
        comps.append({"type": "library", "bom-ref": f"c{i}", "supplier": {"name": "Example"},
                      "name": name, "version": version, "purl": purl})
    bom["components"] = comps
    bom["dependencies"] = [{"ref": "fw", "dependsOn": [c["bom-ref"] for c in comps]}]
    os.makedirs(os.path.join(dir, "sbom"))
    json.dump(bom, open(os.path.join(dir, "sbom", "fw.cdx.json"), "w"))
    sbom = open(os.path.join(dir, "sbom.yaml")).read()
    open(os.path.join(dir, "sbom.yaml"), "w").write(re.sub(r"  addendum:[\s\S]*", "", sbom))


def write_advisories(dir, count, components):
    os.makedirs(dir)
    for i in range(count):
        # One in twenty names a shipped package; the rest other packages of the ecosystems.
        target = (i // 20) % components if i % 20 == 0 else components + i
        kind, eco, name, maven_name, version, _, rtype = package(target)
        record = {
            "schema_version": "1.6.0",
            "id": f"OSV-BENCH-{i}",
            "modified": "2026-01-01T00:00:00Z",
            "affected": [{
                "package": {"ecosystem": eco, "name": maven_name},
                "ranges": [{"type": rtype, "events": [{"introduced": "0"}, {"fixed": "5.0.0"}]}],
            }],
        }
        with open(os.path.join(dir, f"OSV-BENCH-{i}.json"), "w") as f:
            json.dump(record, f)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--components", type=int, default=5000)
    parser.add_argument("--advisories", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    with tempfile.TemporaryDirectory() as tmp:
        dossier = os.path.join(tmp, "dossier")
        osv = os.path.join(tmp, "osv")
        write_dossier(dossier, args.components)
        write_advisories(osv, args.advisories, args.components)
        stages, walls, peaks, matched = [], [], [], 0
        for _ in range(args.runs + 1):  # the first run warms the file cache
            start = time.perf_counter()
            pid = os.fork()
            if pid == 0:
                out = os.open(os.path.join(tmp, "out.json"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                err = os.open(os.path.join(tmp, "err.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
                os.dup2(out, 1)
                os.dup2(err, 2)
                os.execv(exe, [exe, "check", "--as-of", "2026-11-01", "--format", "json",
                               "--timings", "--advisories", osv, dossier])
            _, _, usage = os.wait4(pid, 0)
            walls.append(time.perf_counter() - start)
            peaks.append(usage.ru_maxrss / 1024)
            timings = open(os.path.join(tmp, "err.txt")).read()
            m = re.search(r"advisories\s*:?\s*([\d.]+)\s*(ms|s)", timings)
            if m:
                stages.append(float(m.group(1)) / (1000 if m.group(2) == "ms" else 1))
            findings = json.load(open(os.path.join(tmp, "out.json")))["findings"]
            matched = sum(1 for f in findings if f["code"] == "VULN-001")
        stages, walls, peaks = stages[1:], walls[1:], peaks[1:]
        print(f"cores: {os.cpu_count()}")
        print(f"{args.components} components x {args.advisories} advisories; "
              f"{matched} advisories matched (VULN-001 findings)")
        if stages:
            print(f"advisories stage: median {statistics.median(stages):.2f} s")
        print(f"whole check: median {statistics.median(walls):.2f} s, peak {max(peaks):.0f} MB")


if __name__ == "__main__":
    main()
