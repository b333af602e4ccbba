#!/usr/bin/env bash
# The cost of the proxy hop and of a second instance (README, "Running more than one server"):
# two receivers on one PostgreSQL database (bench_cluster), nginx with the project's site on plain
# HTTP, and compare.sh's traffic (wrk, ../shared/bench/orders.lua, 16 connections, 10 s):
# one instance directly, nginx -> one instance, nginx -> two instances, two rounds.
#   src/bench/cluster-throughput.sh        (from the project's root, after mvn package; needs wrk, nginx)
set -u
proj=$(pwd); work=${TMPDIR:-/tmp}/comptappart-cluster-bench; rm -rf $work; mkdir -p $work/body $work/proxy
. "$(dirname "$0")/receiver.sh"
fresh_database bench_cluster "$work/pool.asadmin"
pids=()
for p in 18091 18092; do
  boot_receiver "$proj/target/comptappart-orders.war" $p "$work/pool.asadmin" "$work/spool$p" "$work/r$p.log"
  pids+=($receiver_pid)
  sleep 1
done
trap 'kill ${pids[@]} 2>/dev/null; [[ -f $work/nginx.pid ]] && kill $(cat $work/nginx.pid) 2>/dev/null' EXIT
for p in 18091 18092; do await_answer $p; done
site() { # $1 = upstream server lines
  sed -e "s|listen 443 ssl;|listen 127.0.0.1:18090;|" -e '/^\s*ssl_/d' \
      -e "s|    server 127.0.0.1:8080 max_fails=1 fail_timeout=5s;|$1|" $proj/server-config/nginx/comptappart-orders.conf
}
conf() {
  { echo "worker_processes 1; user root; pid $work/nginx.pid; error_log $work/error.log; events {}";
    echo "http { access_log off; client_body_temp_path $work/body; proxy_temp_path $work/proxy;"; site "$1"; echo "}"; } > $work/nginx.conf
}
run() { traffic 10 "$1"; }
conf "    server 127.0.0.1:18091 max_fails=1 fail_timeout=5s;"
nginx -c $work/nginx.conf -p $work
run http://127.0.0.1:18091 >/dev/null; run http://127.0.0.1:18092 >/dev/null   # warm-up
for r in 1 2; do
  echo "direct (one instance):   $(run http://127.0.0.1:18091)"
  conf "    server 127.0.0.1:18091 max_fails=1 fail_timeout=5s;"; nginx -s reload -c $work/nginx.conf -p $work 2>/dev/null; sleep 1
  echo "nginx -> one instance:   $(run http://127.0.0.1:18090)"
  conf "    server 127.0.0.1:18091 max_fails=1 fail_timeout=5s; server 127.0.0.1:18092 max_fails=1 fail_timeout=5s;"; nginx -s reload -c $work/nginx.conf -p $work 2>/dev/null; sleep 1
  echo "nginx -> two instances:  $(run http://127.0.0.1:18090)"
done
