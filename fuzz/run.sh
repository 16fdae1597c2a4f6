#!/usr/bin/env bash
# Runs every fuzz target under AFL++ for SECONDS each (default 300), two at a time, and
# prints each target's executions, paths found and crashes. Needs `cargo install cargo-afl`.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-300}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(yaml_artifacts markdown_artifact manifest sbom vex osv cvss markdown_blocks approve_edit)
fi
cargo afl build --release
[ -d in ] || ./seed.sh
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_QUIET=1
run() {
  local t=$1
  rm -rf "out/$t"
  DOSSIER_FUZZ_TARGET=$t cargo afl fuzz -i "in/$t" -o "out/$t" -V "$seconds" \
    target/release/dossier-fuzz > "out-$t.log" 2>&1 || true
  local stats="out/$t/default/fuzzer_stats"
  if [ -f "$stats" ]; then
    printf '%-18s %8s s  execs %10s  corpus %6s  crashes %s  hangs %s\n' "$t" \
      "$(awk -F': ' '/^run_time/{print $2}' "$stats")" \
      "$(awk -F': ' '/^execs_done/{print $2}' "$stats")" \
      "$(awk -F': ' '/^corpus_count/{print $2}' "$stats")" \
      "$(awk -F': ' '/^saved_crashes/{print $2}' "$stats")" \
      "$(awk -F': ' '/^saved_hangs/{print $2}' "$stats")"
  else
    echo "$t: AFL did not start (see fuzz/out-$t.log)"
  fi
}
mkdir -p out
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  if [ $((i + 1)) -lt ${#targets[@]} ]; then run "${targets[i + 1]}" & fi
  wait
done
