#!/usr/bin/env bash
# The pages and issuing benchmark of issue 13 (see docs/benchmarks.md). Run by hand from anywhere in the repository:
#
#   bench/pages-benchmark.sh                                  # this working tree: builds its jar, then measures it
#   bench/pages-benchmark.sh --build before=/path/to/old/tree --build after=.   # two builds, one run, side by side
#   bench/pages-benchmark.sh --duration 15 --issues 60 --samples 20
#
# Each --build directory must hold a built jar (target/key-portal-*.jar; this script builds the current tree's) and
# the Dockerfile whose JAVA_TOOL_OPTIONS the portal is started with. Needs wrk, jcmd, the local Postgres of the
# README (127.0.0.1:5432, superuser postgres without a password; BENCH_DATABASE_ADMIN_URL, BENCH_DATABASE_USERNAME
# and BENCH_DATABASE_PASSWORD name another) and JDK 17+. It never runs in ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  bench/PagesBenchmarkMain.java "$@"
