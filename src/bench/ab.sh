#!/usr/bin/env bash
# Two builds of the receiver, alternately, on the same traffic: on a machine whose speed moves by
# a quarter from one minute to the next, a change is measured against the build before it this way,
# not against figures of another run.
#   src/bench/ab.sh before.war after.war [pairs=3] [seconds=15]   (from the project's root; needs wrk)
#   A_JAVA_OPTS=… B_JAVA_OPTS=… src/bench/ab.sh x.war x.war   (one build, two JVM settings: the heap)
# Each run: boots the WAR on Payara Micro as ../shared/bench/compare.sh does (its own database
# bench_ab, a pool of 20), warms it for the given seconds, measures as long, and prints requests
# per second, p99, JVM CPU milliseconds and PostgreSQL commits per request, and the sequential
# scans PostgreSQL made of the application's tables in the whole run (a lookup that should use an index).
set -u
a=$1; b=$2; pairs=${3:-3}; secs=${4:-15}
here=../shared/bench; work=${TMPDIR:-/tmp}/comptappart-ab; mkdir -p $work
key=bench-key-0123456789abcdefghijklmnopqrstuv; port=18097; pg="-h 127.0.0.1 -U postgres"
micro=$(ls ~/.m2/repository/fish/payara/extras/payara-micro/6.2025.*/payara-micro-*.jar | sort -V | tail -1)
driver=$(ls ~/.m2/repository/org/postgresql/postgresql/42.*/postgresql-42.*.jar | sort -V | tail -1)
cat >"$work/pool.asadmin" <<ASADMIN
create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --steadypoolsize 8 --maxpoolsize 20 --maxwait 2000 --property serverName=127.0.0.1:portNumber=5432:databaseName=bench_ab:user=postgres:password=x BenchPool
create-jdbc-resource --connectionpoolid BenchPool jdbc/comptappart
ASADMIN
run() { API_KEY=$key wrk -t2 -c16 -d$1s -s "$here/orders.lua" http://127.0.0.1:$port 2>&1 | grep requests=; }
measure() {
  psql $pg -Atqc "drop database if exists bench_ab" -c "create database bench_ab" >/dev/null 2>&1
  rm -rf "$work/spool"
  COMPTAPPART_API_KEYS=$key COMPTAPPART_ENVIRONMENT=production COMPTAPPART_DELIVERY_SPOOL_DIR="$work/spool" \
    java $3 -jar "$micro" --deploy "$1" --contextroot / --port $port --nocluster \
    --postbootcommandfile "$work/pool.asadmin" --addlibs "$driver" >"$work/receiver.log" 2>&1 &
  local pid=$!
  for i in $(seq 1 480); do
    c=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "X-API-KEY: $key" -d '{}' http://127.0.0.1:$port/api/comptappart/orders)
    [[ $c != 000 && $c != 404 && $c != 500 && $c != 503 ]] && break; sleep 0.25
  done
  run "$secs" >/dev/null
  local t0 c0 out t1 c1 n
  t0=$(awk '{print $14 + $15}' /proc/$pid/stat)
  c0=$(psql $pg -Atc "select xact_commit from pg_stat_database where datname='bench_ab'")
  out=$(run "$secs")
  t1=$(awk '{print $14 + $15}' /proc/$pid/stat)
  c1=$(psql $pg -Atc "select xact_commit from pg_stat_database where datname='bench_ab'")
  local scans
  scans=$(psql $pg -d bench_ab -Atc "select coalesce(sum(seq_scan), 0) from pg_stat_user_tables")
  kill $pid; wait $pid 2>/dev/null
  n=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$out")
  echo "$2 rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' <<<"$out") p99_ms=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' <<<"$out") non2xx=$(sed -n 's/.*non2xx=\([0-9]*\).*/\1/p' <<<"$out") cpu_ms_per_request=$(echo "scale=2; ($t1 - $t0) * 1000 / $(getconf CLK_TCK) / $n" | bc) commits_per_request=$(echo "scale=2; ($c1 - $c0) / $n" | bc) table_scans=$scans"
}
for p in $(seq 1 "$pairs"); do
  measure "$a" "A $(basename "$a") ${A_JAVA_OPTS:-}" "${A_JAVA_OPTS:-}"
  measure "$b" "B $(basename "$b") ${B_JAVA_OPTS:-}" "${B_JAVA_OPTS:-}"
done
