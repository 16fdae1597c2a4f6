#!/usr/bin/env bash
# The README's test command: installs what the suite needs beyond cargo when it is missing
# (Debian's Chromium, for the browser test of the HTML site; Debian's Neovim, for the
# language server's editor test; mdBook, for the book), runs
# `cargo test`, then builds the book in docs/ and checks every internal link and anchor of it.
# The browser and editor tests fail rather than skip without Chromium and Neovim
# (DOSSIER_REQUIRE_BROWSER=1, DOSSIER_REQUIRE_EDITOR=1).
set -euo pipefail
cd "$(dirname "$0")/.."

# Installs a Debian package (as root, or through sudo), refreshing the package lists once
# if the first try cannot find it.
install_debian() {
  echo "== installing $2 (Debian package $1) for $3"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -qq "$1" >/dev/null; then
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "$1" >/dev/null
  fi
}

if [ -z "${DOSSIER_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  install_debian chromium Chromium "the browser test"
fi
if [ -z "${DOSSIER_NVIM:-}" ] && [ ! -x /usr/bin/nvim ]; then
  install_debian neovim Neovim "the language server's editor test"
fi

# mdBook, pinned, without its server, watcher and search (1 min 16 s to build on 2 cores).
MDBOOK_VERSION=0.5.4
MDBOOK="$(command -v mdbook || echo "${CARGO_HOME:-$HOME/.cargo}/bin/mdbook")"
if [ "$("$MDBOOK" --version 2>/dev/null)" != "mdbook v$MDBOOK_VERSION" ]; then
  echo "== installing mdBook $MDBOOK_VERSION (cargo install) for the book"
  cargo install --quiet --locked --no-default-features --version "$MDBOOK_VERSION" mdbook
  MDBOOK="${CARGO_HOME:-$HOME/.cargo}/bin/mdbook"
fi

export DOSSIER_REQUIRE_BROWSER=1 DOSSIER_REQUIRE_EDITOR=1
cargo test "$@"

echo "== the book: mdbook build docs, then its links"
BOOK_TMP="$(mktemp -d)"
trap 'rm -rf "$BOOK_TMP"' EXIT
if ! "$MDBOOK" build docs --dest-dir "$BOOK_TMP/book" >"$BOOK_TMP/log" 2>&1; then
  cat "$BOOK_TMP/log"
  echo "the book did not build"
  exit 1
fi
python3 tests/check_links.py "$BOOK_TMP/book"
