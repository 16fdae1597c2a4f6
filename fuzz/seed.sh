#!/usr/bin/env bash
# Fills fuzz/in/<target>/ with the seeds the test suite replays: the example dossier's files
# for each reader, plus the saved corpus under fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
ex=../example-dossier
rm -rf in && mkdir -p in
seed() { mkdir -p "in/$1"; shift_target=$1; shift; for f in "$@"; do cp "$f" "in/$shift_target/"; done; }
seed yaml_artifacts $(find $ex -name '*.yaml' ! -name dossier.yaml)
seed approve_edit $(find $ex -name '*.yaml' ! -name dossier.yaml)
seed markdown_artifact $(find $ex -name '*.md')
seed markdown_blocks $(find $ex -name '*.md')
seed manifest $ex/dossier.yaml
seed sbom $(find $ex -name '*.cdx.json' -o -name '*.spdx.json')
seed vex $(find $ex -name '*openvex.json' -o -name '*csaf.json')
for t in corpus/*; do
  name=$(basename "$t")
  mkdir -p "in/$name"
  cp "$t"/* "in/$name/"
done
ls in
