# Shared by the benchmark scripts (sourced, not run): builds what a benchmark runs, online, from a fresh clone.
#
# Maven runs online on purpose: a benchmark may need a plugin that `./scripts/test` never ran (the dependency
# plugin's build-classpath goal), and offline (-o) Maven then fails before measuring anything. Its version is pinned
# in the root pom's pluginManagement, like every other plugin.
#
#   bench_root                   the repository's root
#   bench_classpath MODULE       compiles MODULE's main and test classes with the modules it needs (-am, one reactor
#                                run: test-support's classes come from the reactor, since nothing `mvn install`s
#                                them) and prints the class path that runs its test classes
#   bench_jar                    builds app/target/rvnt.jar when missing or stale (as ./rvnt does) and prints its path
#   bench_node_path              puts the Node that install-test-deps may have installed first on PATH
#   bench_help FILE              prints FILE's leading comment block (after the shebang), for --help

bench_root() { (cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd); }

bench_classpath() {
  local module="$1" root out
  root="$(bench_root)"
  out="$root/$module/target/bench-classpath.txt"
  # Every module of the reactor writes the file in turn; MODULE, built last, leaves its own.
  (cd "$root" && nice mvn -B -q -ntp test-compile dependency:build-classpath -pl "$module" -am \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out") >&2
  printf '%s:%s:%s\n' "$root/$module/target/test-classes" "$root/$module/target/classes" "$(cat "$out")"
}

bench_jar() {
  local root
  root="$(bench_root)"
  nice "$root/rvnt" --version >/dev/null
  printf '%s\n' "$root/app/target/rvnt.jar"
}

bench_node_path() {
  local runtime
  runtime="$(bench_root)/p2p/src/test/js/.runtime/node_modules/.bin"
  if [ -x "$runtime/node" ]; then PATH="$runtime:$PATH"; export PATH; fi
}

bench_help() { sed -n '2,/^[^#]/p' "$1" | sed -e '/^[^#]/d' -e 's/^# \{0,1\}//'; }
