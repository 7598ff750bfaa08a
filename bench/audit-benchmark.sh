#!/usr/bin/env bash
# The audit page benchmark of issue 12 (see docs/benchmarks.md). Run by hand from anywhere in the repository:
#
#   bench/audit-benchmark.sh                 # seeds keyportal_audit_bench once (1,000,000 events), then times /admin/audit
#   bench/audit-benchmark.sh --reseed        # drop the benchmark database and seed it again
#   bench/audit-benchmark.sh --duration 20 --connections 2
#
# Builds the portal's jar and runs it against the benchmark database, with the filter indexes of the audit page
# and then without them (the indexes the trail had before the page), side by side. Needs wrk, the local Postgres
# of the README (127.0.0.1:5432, superuser postgres without a password; BENCH_DATABASE_ADMIN_URL,
# BENCH_DATABASE_USERNAME and BENCH_DATABASE_PASSWORD name another) and JDK 17+. It never runs in ./mvnw verify.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  bench/AuditBenchmarkMain.java "$@"
