#!/usr/bin/env bash
# The spend benchmark of issue 5 (see docs/benchmarks.md). Run by hand from anywhere in the repository:
#
#   bench/spend-benchmark.sh                # seeds keyportal_bench once (several minutes), then times the pages and the sync
#   bench/spend-benchmark.sh --reseed       # drop the benchmark database and seed it again
#   bench/spend-benchmark.sh --requests 100 --warmup 20 --sync-runs 3 --no-sync
#
# Needs the local Postgres of the README (127.0.0.1:5432, superuser postgres without a password; BENCH_DATABASE_ADMIN_URL,
# BENCH_DATABASE_USERNAME and BENCH_DATABASE_PASSWORD name another) and JDK 17+. It never runs in ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx4g -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  bench/SpendBenchmarkMain.java "$@"
