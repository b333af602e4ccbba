# Sourced by the benchmark scripts: a receiver booted as ../shared/bench/compare.sh boots it (Payara
# Micro from the local Maven repository, a pool of 20 on its own PostgreSQL database, environment
# production, X-API-KEY required), and the traffic compare.sh sends it.
here=../shared/bench
key=bench-key-0123456789abcdefghijklmnopqrstuv
pg="-h 127.0.0.1 -U postgres"
micro=$(ls ~/.m2/repository/fish/payara/extras/payara-micro/6.2025.*/payara-micro-*.jar | sort -V | tail -1)
driver=$(ls ~/.m2/repository/org/postgresql/postgresql/42.*/postgresql-42.*.jar | sort -V | tail -1)

# fresh_database <name> <pool file> [pool options]: an empty database, and the asadmin commands
# that give the receiver its pool on it.
fresh_database() {
  psql $pg -Atqc "drop database if exists $1" -c "create database $1" >/dev/null 2>&1
  cat >"$2" <<ASADMIN
create-jdbc-connection-pool --datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource --steadypoolsize 8 --maxpoolsize 20 --maxwait 2000 ${3:-} --property serverName=127.0.0.1:portNumber=5432:databaseName=$1:user=postgres:password=x BenchPool
create-jdbc-resource --connectionpoolid BenchPool jdbc/comptappart
ASADMIN
}

# boot_receiver <war> <port> <pool file> <spool dir> <log> [JVM options]: started in the
# background; its pid is in $receiver_pid.
boot_receiver() {
  # Production refuses to deploy without a personal-data hash salt of its own.
  COMPTAPPART_API_KEYS=$key COMPTAPPART_ENVIRONMENT=production COMPTAPPART_DELIVERY_SPOOL_DIR="$4" \
  COMPTAPPART_PERSONAL_DATA_HASH_SALT=${COMPTAPPART_PERSONAL_DATA_HASH_SALT:-bench-salt-0123456789abcdef} \
    java ${6:-} -jar "$micro" --deploy "$1" --contextroot / --port "$2" --nocluster \
    --postbootcommandfile "$3" --addlibs "$driver" >"$5" 2>&1 &
  receiver_pid=$!
}

# await_answer <port>: until the receiver answers a delivery (any answer but a boot's), 2 min at most.
await_answer() {
  local c i
  for i in $(seq 1 480); do
    c=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "X-API-KEY: $key" -d '{}' "http://127.0.0.1:$1/api/comptappart/orders")
    [[ $c != 000 && $c != 404 && $c != 500 && $c != 503 ]] && return 0
    sleep 0.25
  done
  return 1
}

# traffic <seconds> <base URL>: compare.sh's requests (wrk, 16 connections), its summary line.
traffic() { API_KEY=$key wrk -t2 -c16 -d"$1"s -s "$here/orders.lua" "$2" 2>&1 | grep requests=; }

# cpu_ticks <pid>: the process's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# commits <database>: PostgreSQL's count of committed transactions in it so far.
commits() { psql $pg -Atc "select xact_commit from pg_stat_database where datname='$1'"; }
