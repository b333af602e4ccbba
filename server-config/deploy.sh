#!/usr/bin/env bash
# Deploys the receiver to a running Payara Server domain: the one procedure README.md gives ops and
# the Jenkinsfile runs. Idempotent (a second run with the same WAR changes nothing and succeeds),
# stops at the first failed step with its message, and ends by waiting for readiness.
#
#   server-config/deploy.sh <staging|production> <path/to/comptappart-orders.war>
#
# Run it from the directory holding server-config/ and target/runtime/postgresql.jar (the build's
# copy, archived by the pipeline beside the WAR). Settings, from the environment:
#   ASADMIN              asadmin of the server's installation           (default: asadmin)
#   ADMIN_HOST           the domain's admin host                          (default: localhost)
#   ADMIN_PORT           its admin port                                   (default: 4848)
#   ADMIN_USER           its admin user                                   (default: admin)
#   ADMIN_PASSWORD_FILE  file holding AS_ADMIN_PASSWORD=<password>        (default: none)
#   ADMIN_SECURE         true once the domain has secure admin enabled    (default: false)
#   ADMIN_CERT_SHA256    with ADMIN_SECURE=true: the SHA-256 fingerprint of the admin listener's
#                        certificate (asadmin, non-interactive, would trust any certificate)
#   HTTP_URL             the receiver's HTTP base, as seen from here      (default: http://<ADMIN_HOST>:8080)
#   READY_SECONDS        how long to wait for /health/ready               (default: 120)
#   LOG_FORMAT           json: server.log as JSON lines (Payara's JSONLogFormatter), text: Payara's
#                        default lines (ODL); unset: left as the domain has it
#   TARGET               server (default: the domain's own server) or a deployment group made by
#                        server-config/deployment-group.sh (comptappart-dg): the new version is then
#                        enabled one instance at a time, each ready before the next
#   PROXY_DRAIN          with a deployment group: a command run with an instance's host:port before
#                        it changes, that takes it out of the reverse proxy (default: none; nginx
#                        then retries what that instance answers 404 on the next one)
#   PROXY_RESTORE        the command that puts it back once it is ready (default: none)
# Before the running version is touched, the new one is started once on its own, beside it, on the
# domain's own server (step 4): a WAR or a configuration that cannot start (a short key, a missing
# alias, a failed migration) is refused there, and the running version never stops serving.
# Secrets are never read or printed here: they are password aliases on the server.
set -euo pipefail

environment=${1:?usage: server-config/deploy.sh <staging|production> <war>}
war=${2:?usage: server-config/deploy.sh <staging|production> <war>}
commands="server-config/$environment/commands.asadmin"
[[ -f $commands ]] || { echo "deploy: no $commands (run from the project's root)" >&2; exit 2; }
[[ -f $war ]] || { echo "deploy: no WAR at $war" >&2; exit 2; }

source "$(dirname "$0")/asadmin.sh" deploy
http_url=${HTTP_URL:-http://${ADMIN_HOST:-localhost}:8080}
application=comptappart-orders
target=${TARGET:-server}
# A deployment group's instances share the configuration deployment-group.sh gave them.
if [[ $target == server ]]; then config=server-config; else config=comptappart-config; fi

step "1/6 the domain at ${ADMIN_HOST:-localhost}:${ADMIN_PORT:-4848} answers"
if [[ ${ADMIN_SECURE:-false} == true ]]; then
  expected=${ADMIN_CERT_SHA256:-}
  [[ -n $expected ]] || { echo "deploy: FAILED: ADMIN_SECURE=true needs ADMIN_CERT_SHA256 (see README)" >&2; exit 1; }
  actual=$(openssl s_client -connect "${ADMIN_HOST:-localhost}:${ADMIN_PORT:-4848}" </dev/null 2>/dev/null \
             | openssl x509 -noout -fingerprint -sha256 2>/dev/null | cut -d= -f2) || true
  normalise() { tr -d ':[:space:]' <<<"$1" | tr '[:lower:]' '[:upper:]'; }
  if [[ -z $actual || $(normalise "$actual") != $(normalise "$expected") ]]; then
    echo "deploy: FAILED: the admin listener's certificate (${actual:-none}) is not ADMIN_CERT_SHA256" >&2
    exit 1
  fi
fi
query list-applications >/dev/null

step "2/6 the password aliases this environment needs exist"
aliases=$(query list-password-aliases)
for alias in comptappart-db-password comptappart-api-keys comptappart-personal-data-hash-salt; do
  grep -qx "$alias" <<<"$aliases" || {
    echo "deploy: FAILED: password alias $alias is missing; create it on the server first:" >&2
    echo "  asadmin --passwordfile <file with AS_ADMIN_ALIASPASSWORD=...> create-password-alias $alias" >&2
    exit 1
  }
done

step "3/6 server configuration from $commands"
pools=$(query list-jdbc-connection-pools)
resources=$(query list-jdbc-resources)
libraries=$(query list-libraries --type common)
while IFS= read -r line || [[ -n $line ]]; do
  [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
  # The last word names what a create command makes: skip it when it exists already.
  last=${line##* }
  case $line in
    create-jdbc-connection-pool*) grep -qx "$last" <<<"$pools" && { step "   pool $last exists"; continue; } ;;
    create-jdbc-resource*) grep -qx "$last" <<<"$resources" && { step "   resource $last exists"; continue; } ;;
    add-library*) grep -qx "$(basename "$last")" <<<"$libraries" && { step "   library $(basename "$last") exists"; continue; } ;;
  esac
  step "   ${line%% *}"
  # xargs splits the line as asadmin's own files do (double quotes), and expands nothing: the
  # ${ENV=...} and ${ALIAS=...} references reach the server as written.
  if ! output=$(printf '%s\n' "$line" | xargs "${admin[@]}" 2>&1); then
    echo "deploy: FAILED: $line" >&2
    echo "$output" >&2
    exit 1
  fi
done <"$commands"
if [[ $target != server ]]; then
  grep -qx "jdbc/comptappart" <<<"$(query list-resource-refs "$target")" \
    || { run create-resource-ref --target "$target" jdbc/comptappart >/dev/null; step "   jdbc/comptappart referenced by $target"; }
fi

# The format of server.log, when this environment's pipeline stage names one. Payara applies a
# logging change at once: no restart.
case ${LOG_FORMAT:-} in
  json) formatter=fish.payara.enterprise.server.logging.JSONLogFormatter ;;
  text) formatter=com.sun.enterprise.server.logging.ODLLogFormatter ;;
  "") formatter="" ;;
  *) echo "deploy: FAILED: LOG_FORMAT must be json or text, not $LOG_FORMAT" >&2; exit 2 ;;
esac
if [[ -n $formatter ]]; then
  # The configuration's: a deployment group's instances write their own server.log through it.
  run set-log-attributes --target "$config" "com.sun.enterprise.server.logging.GFFileHandler.formatter=$formatter" >/dev/null
  step "   server.log format: $LOG_FORMAT"
fi

# What ops see in the server's own console (deploy-payara-server.md, "The console map"): the
# Monitoring pages show the JDBC pool, the HTTP listener and its threads; Payara's HealthCheck
# service writes a notification to server.log (a JSON line when LOG_FORMAT=json) when the pool is
# 70 % used, a request thread is stuck for 20 s, or the receiver's readiness (the database) is
# DOWN: checked every 30 s, so an outage is in server.log within a minute. Applied at once
# (--dynamic), the same values on every run.
run set-monitoring-level --target "$config" --module jdbc-connection-pool,http-service,thread-pool \
  --level HIGH,HIGH,HIGH >/dev/null
run set-healthcheck-configuration --target "$config" --enabled true --dynamic true \
  --enablenotifiers log-notifier >/dev/null
run set-healthcheck-service-configuration --target "$config" --service connection-pool \
  --enabled true --dynamic true --time 30 --time-unit SECONDS \
  --threshold-good 0 --threshold-warning 70 --threshold-critical 90 >/dev/null
run set-healthcheck-service-configuration --target "$config" --service stuck-thread \
  --enabled true --dynamic true --time 30 --time-unit SECONDS \
  --stuck-threads-threshold 20 --stuck-threads-threshold-unit SECONDS >/dev/null
run set-healthcheck-microprofile-health-checker-configuration --target "$config" \
  --enabled true --dynamic true --time 30 --unit SECONDS --timeout 5000 >/dev/null
step "   monitoring: JDBC pool, HTTP listener, threads; HealthCheck: pool use, stuck threads, readiness"

# The heap of the domain (server-config/<environment>/jvm-options: -Xms/-Xmx only). Payara reads
# JVM options when the domain starts: a change is applied, then announced, never a restart here.
jvm_options="server-config/$environment/jvm-options"
if [[ -f $jvm_options ]]; then
  present=$(query list-jvm-options --target "$config")
  changed=""
  while IFS= read -r option || [[ -n $option ]]; do
    [[ $option =~ ^[[:space:]]*(#|$) ]] && continue
    grep -qx -- "$option" <<<"$present" && { step "   JVM option $option set"; continue; }
    for previous in $(grep -- "^${option:0:4}" <<<"$present" || true); do
      run delete-jvm-options --target "$config" -- "$previous" >/dev/null
    done
    run create-jvm-options --target "$config" -- "$option" >/dev/null
    step "   JVM option $option set now"
    changed=yes
  done <"$jvm_options"
  # A deployment group's instances are restarted by step 4; the domain's own server is not.
  [[ -n $changed && $target == server ]] && step "   the heap changes when the domain restarts: asadmin restart-domain (on the server host)"
fi

# Each WAR is a version of the application, named by its content: deployed disabled, then enabled,
# which disables the version that served until then.
version="$application:$(sha256sum "$war" | cut -c1-12)"
candidate=$application-deployment-check

# Whether this version already serves everywhere it should: then nothing is started or changed.
already_serving() {
  if [[ $target == server ]]; then
    grep -q "is enabled" <<<"$("${admin[@]}" show-component-status "$version" 2>/dev/null || true)"
  else
    local instance
    for instance in $(query list-instances "$target" | awk 'NF >= 2 && $1 != "Command" {print $1}'); do
      grep -q "enabled=true" <<<"$("${admin[@]}" get "servers.server.$instance.application-ref.$version.enabled" 2>/dev/null || true)" || return 1
    done
  fi
}

# The new WAR started beside the running version, on the domain's own server under another name and
# context root, then removed: it reads the same configuration, aliases and database the new version
# will, and fails the same way, while nothing that serves has changed. (Enabling it in place would
# first disable the running version, which reads the same configuration again when it is enabled
# back: a configuration error then left both disabled.) Its schedules first run 10 s or more after
# it starts; it is removed before.
step "4/6 $version starts on this configuration (checked beside the running version)"
deployed_anywhere=$(query list-applications | awk '{print $1}')
if grep -qx "$candidate" <<<"$deployed_anywhere"; then
  run undeploy "$candidate" >/dev/null  # left by an interrupted run
fi
if [[ $(grep -cx "$version" <<<"$deployed_anywhere") == 1 ]] && already_serving; then
  step "   already serving: not checked again"
elif ! output=$("${admin[@]}" deploy --target server --name "$candidate" --contextroot "/$candidate" "$war" 2>&1); then
  echo "deploy: FAILED: $version does not start:" >&2
  grep -v "^Command deploy failed" <<<"$output" >&2 || true
  "${admin[@]}" undeploy "$candidate" >/dev/null 2>&1 || true
  echo "deploy: nothing changed: the running version still serves" >&2
  exit 1
else
  run undeploy "$candidate" >/dev/null
  step "   started and removed again: the configuration holds"
fi

# Whether <url>/health/ready answers 200 within READY_SECONDS.
ready_within() {
  local deadline=$((SECONDS + ${READY_SECONDS:-120}))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1/health/ready") == 200 ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 2
  done
}
await_ready() {
  ready_within "$1" || { echo "deploy: FAILED: $1/health/ready did not answer 200 (is the database reachable?)" >&2; exit 1; }
}

# switch_to <instance> <version>: the instance, stopped, serves that version alone once started.
switch_to() {
  local name settings=()
  run stop-instance "$1" >/dev/null
  for name in $(grep "^$application\(:\|$\)" <<<"$deployed" || true); do
    [[ $name == "$2" ]] || settings+=("servers.server.$1.application-ref.$name.enabled=false")
  done
  # One set for all the versions: each asadmin command is a JVM of about a second.
  run set "${settings[@]}" "servers.server.$1.application-ref.$2.enabled=true" >/dev/null
  run start-instance --sync full "$1" >/dev/null
}

if [[ $target != server ]]; then
  # A rolling deployment: the group keeps serving, from the instances not being changed.
  step "5/6 application version $version, instance by instance in $target"
  deployed=$(query list-applications "$target" | awk '{print $1}')
  if grep -qx "$version" <<<"$deployed"; then
    :
  elif grep -qx "$version" <<<"$deployed_anywhere"; then
    # Deployed already, to the domain's own server (the move from one server to a group): the
    # group refers to the same application.
    run create-application-ref --target "$target" --enabled=false "$version" >/dev/null
  else
    run deploy --target "$target" --name "$version" --contextroot / --enabled=false "$war" >/dev/null
  fi
  # Read again, the new version included: switching an instance back must disable it there too.
  deployed=$(query list-applications "$target" | awk '{print $1}')
  for instance in $(query list-instances "$target" | awk 'NF >= 2 && $1 != "Command" {print $1}'); do
    # What the instance is, in one command: its node, its HTTP port, the versions enabled on it.
    about=$(query get "servers.server.$instance.*")
    node=$(sed -n "s/^servers\.server\.$instance\.node-ref=//p" <<<"$about")
    host=$(query get "nodes.node.$node.node-host" | sed -n 's/.*node-host=//p')
    port=$(sed -n "s/^servers\.server\.$instance\.system-property\.HTTP_LISTENER_PORT\.value=//p" <<<"$about")
    current=""
    enabled=0
    for name in $(grep "^$application\(:\|$\)" <<<"$deployed" || true); do
      if grep -qxF "servers.server.$instance.application-ref.$name.enabled=true" <<<"$about"; then
        enabled=$((enabled + 1))
        [[ -z $current || $name == "$version" ]] && current=$name
      fi
    done
    if [[ $current == "$version" && $enabled == 1 ]]; then
      step "   $instance ($host:$port): already enabled"
      continue
    fi
    [[ -n ${PROXY_DRAIN:-} ]] && { $PROXY_DRAIN "$host:$port"; step "   $instance taken out of the proxy"; }
    # Switched while stopped, then started with a full synchronisation: the instance reads the
    # domain's configuration (what step 3 set, the JVM options) and boots the new version once.
    # (Enabling a version on a running instance of a group left some of its classes behind on the
    # instance, and enable/disable on a stopped one did not switch its versions.)
    switch_to "$instance" "$version"
    if ! ready_within "http://$host:$port"; then
      echo "deploy: FAILED: $version is not ready on $instance (see its server.log)" >&2
      if [[ -n $current ]]; then
        echo "deploy: $current again on $instance" >&2
        switch_to "$instance" "$current"
        ready_within "http://$host:$port" && [[ -n ${PROXY_RESTORE:-} ]] && $PROXY_RESTORE "$host:$port"
      fi
      exit 1
    fi
    [[ -n ${PROXY_RESTORE:-} ]] && { $PROXY_RESTORE "$host:$port"; step "   $instance back in the proxy"; }
    step "   $instance ($host:$port): enabled and ready (was: ${current:-none})"
  done
  step "6/6 every instance of $target is ready"
  step "done: $version serves on every instance of $target"
  exit 0
fi

step "5/6 application version $version"
# Outputs are captured before they are searched: `grep -q` in a pipeline can end it early, and
# with pipefail the SIGPIPE of the writer would then read as "not found".
deployed=$(query list-applications --type web | awk '{print $1}')
current=""
for name in $(grep "^$application\(:\|$\)" <<<"$deployed" || true); do
  status=$(query show-component-status "$name")
  step "   deployed: $(head -n 1 <<<"$status")"
  if grep -q "is enabled" <<<"$status"; then current=$name; fi
done
if [[ $current == "$version" ]]; then
  step "   already deployed and enabled: nothing to change"
else
  if ! grep -qx "$version" <<<"$deployed"; then
    run deploy --name "$version" --contextroot / --enabled=false "$war" >/dev/null
  fi
  if ! output=$("${admin[@]}" enable "$version" 2>&1); then
    echo "deploy: FAILED: $version does not start:" >&2
    echo "$output" >&2
    if [[ -n $current ]]; then
      echo "deploy: enabling $current again" >&2
      run enable "$current" >/dev/null
    fi
    run undeploy "$version" >/dev/null
    exit 1
  fi
  step "   enabled (was: ${current:-none})"
fi

step "6/6 $http_url/health/ready answers 200 within ${READY_SECONDS:-120} s"
await_ready "$http_url"
step "done: $version serves $http_url/api/comptappart/orders"
