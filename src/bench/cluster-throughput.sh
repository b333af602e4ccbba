#!/usr/bin/env bash
# The cost of the proxy hop and of a second instance (README, "Running more than one server"):
# two receivers on one PostgreSQL database (bench_cluster), nginx with the project's site on plain
# HTTP, and compare.sh's traffic (wrk, ../shared/bench/orders.lua, 16 connections, 10 s):
# one instance directly, nginx -> one instance, nginx -> two instances, two rounds.
#   src/bench/cluster-throughput.sh        (from the project's root, after mvn package; needs wrk, nginx)
set -u
here=../shared/bench; proj=$(pwd); work=${TMPDIR:-/tmp}/comptappart-cluster-bench; rm -rf $work; mkdir -p $work/body $work/proxy
key=bench-key-0123456789abcdefghijklmnopqrstuv
psql -h 127.0.0.1 -U postgres -Atqc "drop database if exists bench_cluster" -c "create database bench_cluster" >/dev/null 2>&1
war=$proj/target/comptappart-orders.war
micro=$(ls ~/.m2/repository/fish/payara/extras/payara-micro/6.2025.*/payara-micro-*.jar | sort -V | tail -1)
driver=$(ls ~/.m2/repository/org/postgresql/postgresql/42.*/postgresql-42.*.jar | sort -V | tail -1)
cat >"$work/pool.asadmin" <<ASADMIN
create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --steadypoolsize 8 --maxpoolsize 20 --maxwait 2000 --property serverName=127.0.0.1:portNumber=5432:databaseName=bench_cluster:user=postgres:password=x BenchPool
create-jdbc-resource --connectionpoolid BenchPool jdbc/comptappart
ASADMIN
pids=()
for p in 18091 18092; do
  COMPTAPPART_API_KEYS=$key COMPTAPPART_ENVIRONMENT=production COMPTAPPART_DELIVERY_SPOOL_DIR="$work/spool$p" \
    java -jar "$micro" --deploy "$war" --contextroot / --port $p --nocluster \
    --postbootcommandfile "$work/pool.asadmin" --addlibs "$driver" >"$work/r$p.log" 2>&1 &
  pids+=($!)
  sleep 1
done
trap 'kill ${pids[@]} 2>/dev/null; [[ -f $work/nginx.pid ]] && kill $(cat $work/nginx.pid) 2>/dev/null' EXIT
for p in 18091 18092; do
  for i in $(seq 1 480); do
    c=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "X-API-KEY: $key" -d '{}' http://127.0.0.1:$p/api/comptappart/orders)
    [[ $c != 000 && $c != 404 && $c != 500 && $c != 503 ]] && break; sleep 0.25
  done
done
site() { # $1 = upstream server lines
  sed -e "s|listen 443 ssl;|listen 127.0.0.1:18090;|" -e '/^\s*ssl_/d' \
      -e "s|    server 127.0.0.1:8080 max_fails=1 fail_timeout=5s;|$1|" $proj/server-config/nginx/comptappart-orders.conf
}
conf() {
  { echo "worker_processes 1; user root; pid $work/nginx.pid; error_log $work/error.log; events {}";
    echo "http { access_log off; client_body_temp_path $work/body; proxy_temp_path $work/proxy;"; site "$1"; echo "}"; } > $work/nginx.conf
}
run() { API_KEY=$key wrk -t2 -c16 -d10s -s "$here/orders.lua" "$1" 2>&1 | grep requests=; }
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
