#!/bin/sh
# Builds dosewarden's pages (src/main/web) into the jar: called by Maven in generate-resources as
#   sh src/main/web/build.sh OUT_DIR TEST_OUT_DIR
# OUT_DIR (target/classes/web) gets the pages and their assets, served by the daemon; TEST_OUT_DIR
# (target/web-test) gets what only the browser tests use (axe-core). Packages come from the npm registry,
# pinned by package-lock.json (npm ci). Both steps are skipped when nothing they depend on changed, so a
# Java-only change does not run npm.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: build.sh OUT_DIR TEST_OUT_DIR}
test_out=${2:?usage: build.sh OUT_DIR TEST_OUT_DIR}

say() { printf '[dosewarden] %s\n' "$*" >&2; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  say "error: node and npm are needed to build the web pages (src/main/web) and are not on PATH."
  say "run scripts/test or scripts/demo (they install the Debian packages nodejs and npm with apt-get),"
  say "or install them by hand: apt-get install nodejs npm"
  exit 1
fi

cd "$here"
installed=node_modules/.dosewarden-npm-ci
if [ ! -f "$installed" ] || [ package-lock.json -nt "$installed" ] || [ package.json -nt "$installed" ]; then
  say "installing the pages' npm packages (npm ci, pinned by src/main/web/package-lock.json)"
  # No install scripts: none of the packages needs one (esbuild's binary comes as an optional package).
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  touch "$installed"
fi

stamp="$out/.built"
if [ -f "$stamp" ] && [ -f "$test_out/axe.min.js" ] \
    && [ -z "$(find src build.mjs package-lock.json "$installed" -newer "$stamp" -print 2>/dev/null | head -n 1)" ]; then
  exit 0
fi
say "building the pages into ${out}"
node build.mjs "$out" "$test_out"
touch "$stamp"
