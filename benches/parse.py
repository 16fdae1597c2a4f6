#!/usr/bin/env python3
"""Benchmark of the parse floor: `dossier check` against reading the same files with `cat`.

The corpus is written the way many teams write a dossier: one file per artifact, each with a
Markdown description of about 400 characters (bold, code, a bullet list) in a YAML block
scalar and one or two links, and findings left open (a quarter of the threats assessed by no
risk, half of the controls tied to no requirement). It is made from `dossier generate`'s
complete chains, split into one file per artifact.

For each size, `check --format short` and `find DIR -name '*.yaml' -print0 | xargs -0 cat >
/dev/null` run alternately on a warm cache; the report gives both medians, their ratio, the
check's peak memory and its parse stage (`--timings`).

Usage: python3 benches/parse.py [--runs N] [--sizes 1000,10000,50000]
Targets (issue "Parse at the speed of the disk"): 10,000 artifacts `check` <= 0.4 s and <= 2x
the `cat` floor; 50,000 <= 2 s and <= 300 MB; the example dossier <= 30 ms.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DESCRIPTION = """description: |
  The **{id}** entry of the synthetic dossier. It is parsed like any hand-written one:
  `check` reads it, links it and checks it against the catalogue.

  - the first point, with `inline code` and **bold** words;
  - a second point that names the interface and the asset it concerns;
  - a third point, long enough that the description is about four hundred characters.
"""


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


def split_into_files(root):
    """Rewrites every YAML list file of a generated dossier as one file per artifact, with a
    description, and leaves findings open. Returns the number of artifact files."""
    count = 0
    threat_n = control_n = 0
    stripped = set()
    for folder in sorted(os.listdir(root)):
        path = os.path.join(root, folder)
        if not os.path.isdir(path):
            continue
        for name in sorted(os.listdir(path)):
            if not name.endswith(".yaml"):
                continue
            file = os.path.join(path, name)
            text = open(file, encoding="utf-8").read()
            if not text.startswith("- id:"):
                continue
            items = re.split(r"(?m)^(?=- id: )", text)
            os.remove(file)
            for item in items:
                if not item.strip():
                    continue
                lines = item.splitlines()
                ident = lines[0][len("- id: "):].strip()
                body = ["id: " + ident] + [l[2:] if l.startswith("  ") else l for l in lines[1:]]
                kind = next((l.split(":", 1)[1].strip() for l in body if l.startswith("kind:")), "")
                if kind == "security_risk":
                    threat_n += 1
                    if threat_n % 4 == 0:
                        # A quarter of the threats are assessed by no risk.
                        continue
                if kind == "security_control":
                    control_n += 1
                    if control_n % 2 == 0:
                        # Half of the controls are tied to no requirement (from either side).
                        body = [l for l in body if not l.startswith("requirements:")]
                        stripped.add(ident)
                if kind == "requirement":
                    body = [
                        l for l in body
                        if not (l.startswith("sources:") and any(c in l for c in stripped))
                    ]
                out = "\n".join(body) + "\n"
                out = re.sub(r"(?m)^(title: .*\n)", lambda m: m.group(1) + DESCRIPTION.format(id=ident), out, count=1)
                with open(os.path.join(path, f"{ident}.yaml"), "w", encoding="utf-8") as f:
                    f.write(out)
                count += 1
    return count


def run_once(args, shell=False):
    """Runs one child; returns (wall seconds, peak RSS in MB, stderr)."""
    start = time.perf_counter()
    proc = subprocess.run(args, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    return wall, proc.stderr


def peak_rss_mb(args):
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(proc.stderr.strip().splitlines()[-1]) / 1024.0


def parse_ms(stderr):
    m = re.search(r"^\s*parse:\s*([\d.]+) ms", stderr, re.M)
    return float(m.group(1)) if m else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    print(f"cores: {os.cpu_count()}")
    print(f"{'dossier':>22} {'files':>7} {'check':>9} {'cat':>9} {'ratio':>6} {'parse':>9} {'peak':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        # The example as a user has it (`dossier init --from-example`, committed: a repository
        # of its own), and as it is here, inside this project's long history.
        own = os.path.join(tmp, "example")
        shutil.copytree(os.path.join(ROOT, "example-dossier"), own, ignore=shutil.ignore_patterns("build"))
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
        subprocess.run(git + ["init", "-q", own], check=True)
        subprocess.run(git + ["-C", own, "add", "."], check=True)
        subprocess.run(git + ["-C", own, "commit", "-q", "-m", "Dossier"], check=True)
        for label, example in (
            ("example (own repo)", own),
            ("example (this repo)", os.path.join(ROOT, "example-dossier")),
        ):
            ex = [exe, "check", "--as-of", "2026-11-01", "--format", "short", example]
            run_once(ex)
            walls = [run_once(ex)[0] for _ in range(args.runs)]
            print(f"{label:>22} {'':>7} {statistics.median(walls) * 1000:>7.1f}ms")
        for size in (int(s) for s in args.sizes.split(",") if s):
            root = os.path.join(tmp, f"corpus{size}")
            subprocess.run([exe, "generate", "--artifacts", str(size), root], check=True, stdout=subprocess.DEVNULL)
            files = split_into_files(root)
            check = [exe, "check", "--as-of", "2026-11-01", "--format", "short", "--timings", root]
            cat = f"find {root} -name '*.yaml' -print0 | xargs -0 cat > /dev/null"
            run_once(check)
            run_once(cat, shell=True)
            checks, cats, parses = [], [], []
            for _ in range(args.runs):
                wall, err = run_once(check)
                checks.append(wall)
                parses.append(parse_ms(err))
                cats.append(run_once(cat, shell=True)[0])
            c, k = statistics.median(checks), statistics.median(cats)
            peak = peak_rss_mb(check)
            print(f"{'synthetic':>22} {files:>7} {c * 1000:>7.0f}ms {k * 1000:>7.0f}ms {c / k:>6.1f} {statistics.median(parses):>7.0f}ms {peak:>6.0f}MB")


if __name__ == "__main__":
    sys.exit(main())
