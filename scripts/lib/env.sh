# shellcheck shell=bash
# Shared by the scripts in scripts/: locate a JDK >= 21 and Maven, install missing Debian packages,
# build the jar when the sources are newer than it. Every step says what it did on stderr.

DW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DW_JAR="$DW_ROOT/target/dosewarden-0.1.0-SNAPSHOT.jar"

say() { printf '[dosewarden] %s\n' "$*" >&2; }
die() { printf '[dosewarden] error: %s\n' "$*" >&2; exit 1; }

java_major() {  # prints the feature version of the java binary $1, or nothing
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)
  printf '%s' "${v%%.*}"
}

# JAVA_HOME first, then every JDK under /usr/lib/jvm (newest first). A JDK needs javac, not just java.
find_jdk() {
  local candidates=() c m
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    m=$(java_major "$c/bin/java")
    if [ -n "$m" ] && [ "$m" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      say "using JDK $m at $JAVA_HOME"
      return 0
    fi
  done
  die "no JDK 21 or newer found (looked at JAVA_HOME='${JAVA_HOME:-}' and /usr/lib/jvm/*). Install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME."
}

apt_updated=0
# ensure_pkg COMMAND PACKAGE: says where COMMAND is, or installs PACKAGE with apt-get when it is missing.
ensure_pkg() {
  local cmd=$1 pkg=$2
  if command -v "$cmd" >/dev/null 2>&1; then
    [ "$cmd" = mvn ] || say "using $cmd at $(command -v "$cmd")"
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    if [ "$apt_updated" = 0 ]; then
      say "running apt-get update (needed to install $pkg)"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || die "apt-get update failed"
      apt_updated=1
    fi
    say "installing $pkg with apt-get (for '$cmd')"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null || die "apt-get install $pkg failed"
    say "installed $pkg"
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    say "installing $pkg with sudo apt-get (for '$cmd')"
    sudo apt-get install -y -qq "$pkg" >/dev/null || die "could not install $pkg; install it by hand"
  else
    die "'$cmd' is missing and cannot be installed here; install the Debian package '$pkg' by hand"
  fi
}

find_maven() {
  ensure_pkg mvn maven
  say "using $(mvn -v 2>/dev/null | head -n1 | sed 's/\x1b\[[0-9;]*m//g')"
}

# The pages (src/main/web) are built by the Maven build with node and npm (packages from the npm registry,
# pinned by package-lock.json); Debian's nodejs and npm packages are enough.
find_web_tools() {
  ensure_pkg node nodejs
  ensure_pkg npm npm
}

MVN_FLAGS=(-B -q -Dstyle.color=never)

# Builds the runnable jar unless it is newer than every source file.
build_if_needed() {
  if [ -f "$DW_JAR" ] && [ -z "$(find "$DW_ROOT/src/main" "$DW_ROOT/pom.xml" -newer "$DW_JAR" -print -quit 2>/dev/null)" ]; then
    say "jar is up to date: ${DW_JAR#$DW_ROOT/}"
    return 0
  fi
  find_web_tools
  say "building the jar (mvn package, tests skipped; scripts/test runs them)"
  (cd "$DW_ROOT" && mvn "${MVN_FLAGS[@]}" -DskipTests package) || die "build failed"
  say "built ${DW_JAR#$DW_ROOT/}"
}

# Runs a benchmark main class on the test classpath prepared by scripts/bench (or prepares it).
run_bench_class() {
  local cls=$1; shift
  if [ -z "${DW_BENCH_CP:-}" ]; then
    find_web_tools
    (cd "$DW_ROOT" && mvn "${MVN_FLAGS[@]}" -DskipTests test-compile dependency:build-classpath \
        -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test) || die "build failed"
    DW_BENCH_CP="$DW_ROOT/target/test-classes:$DW_ROOT/target/classes:$(cat "$DW_ROOT/target/cp.txt")"
  fi
  java --enable-native-access=ALL-UNNAMED ${DOSEWARDEN_BENCH_JAVA_OPTS:-} -cp "$DW_BENCH_CP" "$cls" "$@"
}
