#!/usr/bin/env python3
"""Benchmark of the Git history walk (per-file and per-artifact last change).

Builds the release binary, generates a synthetic dossier of N artifacts written one per file,
and turns it into a Git repository of C commits with `git fast-import`: the first commit adds
every file, each later commit edits one file (every other edit is a comment, which changes the
file but no artifact, so the walk must go further back to date that artifact). Then times
`dossier check --timings` on the working tree and reports the history stage and the whole run.

Usage: python3 benches/history.py [--files 10000] [--commits 10000] [--runs 3]
Target: 10,000 files and 10,000 commits under 2 s for the history stage on 2 cores.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def binary():
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release", "dossier")


def split_one_per_file(src):
    """Rewrites every YAML list of artifacts as one file per artifact; returns the files."""
    files = {}
    for dirpath, _, names in os.walk(src):
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if rel == "dossier.yaml" or not name.endswith(".yaml") or "\n- id:" not in "\n" + text:
                files[rel] = text
                continue
            items = ("\n" + text).split("\n- id:")[1:]
            stem = rel[: -len(".yaml")]
            for i, item in enumerate(items):
                files[f"{stem}/{i:05}.yaml"] = "- id:" + item.rstrip("\n") + "\n"
    return files


def fast_import_stream(files, commits, seed=7):
    rng = random.Random(seed)
    paths = sorted(p for p in files if p.endswith(".yaml") and p != "dossier.yaml")
    out = []
    when = 1767225600  # 2026-01-01
    def commit(mark, changes, message):
        nonlocal when
        when += 60
        out.append(f"commit refs/heads/main\nmark :{mark}\n")
        out.append(f"author Bench <bench@example.com> {when} +0000\n")
        out.append(f"committer Bench <bench@example.com> {when} +0000\n")
        data = message.encode()
        out.append(f"data {len(data)}\n{message}\n")
        if mark > 1:
            out.append(f"from :{mark - 1}\n")
        for path, text in changes:
            data = text.encode()
            out.append(f"M 100644 inline {path}\ndata {len(data)}\n")
            out.append(text)
            out.append("\n")
    commit(1, sorted(files.items()), "import")
    for n in range(2, commits + 1):
        path = rng.choice(paths)
        text = files[path]
        if n % 2:
            text = text + f"# reviewed {n}\n"
        else:
            text = text.replace("  title: ", f"  title: r{n} ", 1)
        files[path] = text
        commit(n, [(path, text)], f"edit {n}")
    return "".join(out)


def timed(exe, args):
    start = time.perf_counter()
    done = subprocess.run([exe] + args, capture_output=True, text=True)
    wall = time.perf_counter() - start
    history = None
    for line in done.stderr.splitlines():
        if line.strip().startswith("history:"):
            history = float(line.split(":")[1].split()[0])
    if history is None:
        sys.exit(f"no history timing: {done.stderr}")
    return wall, history


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10000)
    parser.add_argument("--commits", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline", help="another dossier binary to time alternately on the same repository")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = binary()
    with tempfile.TemporaryDirectory() as tmp:
        gen = os.path.join(tmp, "gen")
        subprocess.run([exe, "generate", "--artifacts", str(args.files), gen], check=True, capture_output=True)
        files = split_one_per_file(gen)
        repo = os.path.join(tmp, "repo")
        subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
        stream = fast_import_stream(files, args.commits)
        subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=stream.encode(), check=True)
        subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
        yaml_files = sum(1 for p in files if p.endswith(".yaml"))
        check = ["check", "--timings", "--as-of", "2026-12-31", repo]
        timed(exe, check)  # warm the caches
        samples, baseline = [], []
        for _ in range(args.runs):
            samples.append(timed(exe, check))
            if args.baseline:
                baseline.append(timed(args.baseline, check))
        print(f"cores: {os.cpu_count()}; {yaml_files} artifact files, {args.commits} commits")
        for label, runs in (("", samples), ("baseline: ", baseline)):
            if runs:
                print(f"{label}history stage: median {statistics.median(h for _, h in runs):.0f} ms; "
                      f"whole check: median {statistics.median(w for w, _ in runs):.2f} s")


if __name__ == "__main__":
    main()
