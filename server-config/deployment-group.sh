#!/usr/bin/env bash
# Makes a running Payara Server domain serve the receiver from a deployment group of instances
# (README, "Running more than one server"). Idempotent: what exists and is right is left as it is,
# and a second run succeeds without changing anything. Ends with every instance running, or fails.
#
#   server-config/deployment-group.sh <node> <instance> [<instance>...]
#   e.g. server-config/deployment-group.sh localhost-domain1 comptappart-1 comptappart-2
#   (a domain's local node is named localhost-<domain>: asadmin list-nodes)
#
# What the instances share, and what each has of its own:
#   - one configuration, comptappart-config (a copy of default-config): its JVM options, listeners,
#     thread pools and log format; every instance created here refers to it. JMS is off in it:
#     the receiver sends no message, and each instance's broker would take ports beyond its port
#     base (its RMI registry at the JMS port + 100, the next instance's JMS port);
#   - the domain's datasource (jdbc/comptappart, referenced by the group), MicroProfile Config
#     properties (set with --source=domain) and password aliases: the environment's, as deploy.sh
#     sets them;
#   - the domain's data grid (Hazelcast), under a name and on ports of its own, so that two
#     domains on one network never join each other's grid (Payara's defaults: "development", 4900);
#   - its own ports (its port base: PORT_BASE + 100 x its position here; HTTP at +80) and its own
#     delivery spool directory (a system property of the instance: SPOOL_ROOT/<instance>).
# Then deploy with TARGET=comptappart-dg server-config/deploy.sh <environment> <war>: the new
# version is enabled one instance at a time, each taken out of the proxy while it changes.
#
# The same ASADMIN / ADMIN_* settings as deploy.sh, and:
#   PORT_BASE        the first instance's port base (default: 28000)
#   DATA_GRID_NAME   the data grid's cluster name (default: comptappart-<ADMIN_PORT>)
#   DATA_GRID_PORT   the domain's data grid port; the instances' start at the next one
#                    (default: PORT_BASE - 10)
#   SPOOL_ROOT       the directory, on the instances' host, under which each instance spools
#                    to a directory of its own, SPOOL_ROOT/<instance> (default: the
#                    COMPTAPPART_SPOOL_DIR of this environment; one of the two is required)
set -euo pipefail

node=${1:?usage: server-config/deployment-group.sh <node> <instance>...}
shift
(($# > 0)) || { echo "usage: server-config/deployment-group.sh <node> <instance>..." >&2; exit 2; }
group=comptappart-dg
config=comptappart-config
port_base=${PORT_BASE:-28000}
spool_root=${SPOOL_ROOT:-${COMPTAPPART_SPOOL_DIR:-}}
[[ -n $spool_root ]] || { echo "deployment-group: FAILED: set SPOOL_ROOT (or COMPTAPPART_SPOOL_DIR): each instance spools under it" >&2; exit 2; }

source "$(dirname "$0")/asadmin.sh" deployment-group

# Whether a listing names <name> as a word of its own (asadmin indents some listings with tabs).
lists() { grep -Eq "(^|[[:space:]])$2([[:space:]]|$)" <<<"$1"; }

configs=$(run list-configs)
lists "$configs" "$config" || { run copy-config default-config "$config" >/dev/null; step "configuration $config created"; }
if [[ $(run get "configs.config.$config.jms-service.type") != *"type=DISABLED"* ]]; then
  run set "configs.config.$config.jms-service.type=DISABLED" >/dev/null
  step "JMS off in $config"
fi

grid_name=${DATA_GRID_NAME:-comptappart-${ADMIN_PORT:-4848}}
grid_port=${DATA_GRID_PORT:-$((port_base - 10))}
grid=$(run get-hazelcast-configuration)
if ! grep -Eq "Cluster Name[[:space:]]+$grid_name([[:space:]]|$)" <<<"$grid" \
    || ! grep -Eq "DAS Port[[:space:]]+$grid_port([[:space:]]|$)" <<<"$grid"; then
  run set-hazelcast-configuration --clusterName "$grid_name" --dasPort "$grid_port" \
    --startPort $((grid_port + 1)) --dynamic true >/dev/null
  step "data grid $grid_name on ports $grid_port (domain) and $((grid_port + 1)) on (instances)"
fi

groups=$(run list-deployment-groups)
lists "$groups" "$group" || { run create-deployment-group "$group" >/dev/null; step "deployment group $group created"; }
instances=$(run list-instances --long=false)
position=0
for instance in "$@"; do
  if ! lists "$instances" "$instance"; then
    run create-instance --node "$node" --config "$config" \
      --portbase $((port_base + 100 * position)) "$instance" >/dev/null
    step "instance $instance created on $node"
  fi
  lists "$(run list-instances "$group")" "$instance" \
    || { run add-instance-to-deployment-group --instance "$instance" --deploymentgroup "$group" >/dev/null; step "instance $instance joined $group"; }
  spool=$spool_root/$instance
  if ! grep -qxF "comptappart.delivery-spool-dir=$spool" <<<"$(run list-system-properties "$instance")"; then
    run create-system-properties --target "$instance" "comptappart.delivery-spool-dir=$spool" >/dev/null
    step "instance $instance spools to $spool"
  fi
  position=$((position + 1))
done

# One after the other: start-deployment-group was seen never to return (on 2 busy cores) after
# both instances had started.
running() { grep -Eq "^$1[[:space:]]+running" <<<"$(run list-instances "$group")"; }
for instance in "$@"; do
  running "$instance" || { run start-instance "$instance" >/dev/null; step "instance $instance started"; }
done
# start-instance can succeed for an instance that stops right after (a port taken): each must
# still be running once all have started.
status=$(run list-instances "$group")
for instance in "$@"; do
  grep -Eq "^$instance[[:space:]]+running" <<<"$status" || {
    echo "deployment-group: FAILED: instance $instance is not running (see its server.log," \
      "nodes/$node/$instance/logs/server.log under the installation's glassfish/)" >&2
    printf '%s\n' "$status" >&2
    exit 1
  }
done
printf '%s\n' "$status"
