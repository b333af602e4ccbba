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
work=${TMPDIR:-/tmp}/comptappart-ab; mkdir -p $work; port=18097
. "$(dirname "$0")/receiver.sh"
run() { traffic "$1" http://127.0.0.1:$port; }
measure() {
  fresh_database bench_ab "$work/pool.asadmin"
  rm -rf "$work/spool"
  boot_receiver "$1" $port "$work/pool.asadmin" "$work/spool" "$work/receiver.log" "$3"
  local pid=$receiver_pid
  await_answer $port
  run "$secs" >/dev/null
  local t0 c0 out t1 c1 n
  t0=$(cpu_ticks $pid)
  c0=$(commits bench_ab)
  out=$(run "$secs")
  t1=$(cpu_ticks $pid)
  c1=$(commits bench_ab)
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
