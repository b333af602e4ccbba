#!/usr/bin/env bash
# Where the receiver's time goes (README, "Benchmark"): boots the WAR on Payara Micro as
# ../shared/bench/compare.sh does (its own database bench_profile, pool of 20), warms it with 20 s
# of compare.sh's traffic, then records 20 s more with JDK Flight Recorder and prints
#   - requests answered, JVM CPU milliseconds per request, PostgreSQL commits per request;
#   - the 25 hottest methods by own samples, and the 25 hottest methods of the request path
#     (frames anywhere on the stack: what each costs with what it calls).
#   src/bench/profile.sh             (from the project's root, after mvn package; needs wrk)
#   JAVA_OPTS=-Xmx256m src/bench/profile.sh
#   POOL_OPTIONS="--sqltracelisteners=" src/bench/profile.sh   (options added to the pool's creation)
set -u
proj=$(pwd); work=${TMPDIR:-/tmp}/comptappart-profile; rm -rf $work; mkdir -p $work; port=18095
. "$(dirname "$0")/receiver.sh"
fresh_database bench_profile "$work/pool.asadmin" "${POOL_OPTIONS:-}"
boot_receiver "$proj/target/comptappart-orders.war" $port "$work/pool.asadmin" "$work/spool" "$work/receiver.log" \
  "-XX:FlightRecorderOptions:stackdepth=256 ${JAVA_OPTS:-}"
pid=$receiver_pid
trap 'kill $pid 2>/dev/null' EXIT
await_answer $port
run() { traffic "$1" http://127.0.0.1:$port; }
echo "warm-up: $(run 20)"
jcmd $pid JFR.start name=profile settings=profile filename=$work/profile.jfr >/dev/null
t0=$(cpu_ticks $pid); c0=$(commits bench_profile); out=$(run 20); t1=$(cpu_ticks $pid); c1=$(commits bench_profile)
jcmd $pid JFR.stop name=profile >/dev/null
requests=$(echo "$out" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')
hz=$(getconf CLK_TCK)
echo "profiled: $out"
echo "JVM CPU per request: $(echo "scale=3; ($t1 - $t0) * 1000 / $hz / $requests" | bc) ms; commits per request: $(echo "scale=2; ($c1 - $c0) / $requests" | bc)"
jfr print --events jdk.ExecutionSample --stack-depth 256 $work/profile.jfr > $work/samples.txt
echo "hottest methods (own samples):"
awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' $work/samples.txt \
  | sort | uniq -c | sort -rn | head -25
echo "hottest request-path methods (samples with the method anywhere on the stack):"
awk '/jdk.ExecutionSample/{if (n) for (f in seen) print f; delete seen; n=1}
     /^[ \t]+[a-z].*line:/{l=$0; sub(/^[ \t]+/, "", l); sub(/[ \t]*line:.*/, "", l); seen[l]=1}
     END{for (f in seen) print f}' $work/samples.txt \
  | grep -E 'comptappart|eclipse.persistence|jersey|weld|jdbc|postgresql|yasson|parsson|glassfish' \
  | sort | uniq -c | sort -rn | head -25
echo "samples in all: $(grep -c jdk.ExecutionSample $work/samples.txt); recording: $work/profile.jfr"
