#!/usr/bin/env bash
# The README's test command: installs what the suite needs beyond cargo (Debian's Chromium,
# for the browser test of the HTML site) when it is missing, then runs `cargo test`.
# With DOSSIER_REQUIRE_BROWSER=1 the browser test fails rather than skips without Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DOSSIER_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "== installing Chromium (Debian package chromium) for the browser test"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $SUDO apt-get install -y -qq chromium >/dev/null; then
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium >/dev/null
  fi
fi

export DOSSIER_REQUIRE_BROWSER=1
exec cargo test "$@"
