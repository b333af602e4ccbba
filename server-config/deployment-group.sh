#!/usr/bin/env bash
# Makes a running Payara Server domain serve the receiver from a deployment group of instances
# (README, "Running more than one server"). Idempotent: what exists is left as it is.
#
#   server-config/deployment-group.sh <node> <instance> [<instance>...]
#   e.g. server-config/deployment-group.sh localhost-domain1 comptappart-1 comptappart-2
#
# What the instances share, and what each has of its own:
#   - one configuration, comptappart-config (a copy of default-config): its JVM options, listeners
#     and thread pools; every instance created here refers to it;
#   - the domain's datasource (jdbc/comptappart, referenced by the group), MicroProfile Config
#     properties (set with --source=domain) and password aliases: the environment's, as deploy.sh
#     sets them;
#   - its own ports (its port base: PORT_BASE + 100 x its position here; HTTP at +80) and its own
#     delivery spool directory (the path is shared: on one host, give each instance its own with a
#     system property, see README).
# Then deploy with TARGET=comptappart-dg server-config/deploy.sh <environment> <war>: the new
# version is enabled one instance at a time, each taken out of the proxy while it changes.
#
# The same ASADMIN / ADMIN_* settings as deploy.sh, and:
#   PORT_BASE   the first instance's port base (default: 28000)
set -euo pipefail

node=${1:?usage: server-config/deployment-group.sh <node> <instance>...}
shift
(($# > 0)) || { echo "usage: server-config/deployment-group.sh <node> <instance>..." >&2; exit 2; }
group=comptappart-dg
config=comptappart-config

admin=("${ASADMIN:-asadmin}" --host "${ADMIN_HOST:-localhost}" --port "${ADMIN_PORT:-4848}"
       --user "${ADMIN_USER:-admin}" --secure="${ADMIN_SECURE:-false}" --interactive=false)
[[ -n ${ADMIN_PASSWORD_FILE:-} ]] && admin+=(--passwordfile "$ADMIN_PASSWORD_FILE")

step() { echo "deployment-group: $*"; }
run() {
  local output
  if ! output=$("${admin[@]}" "$@" 2>&1); then
    echo "deployment-group: FAILED: asadmin $*" >&2
    echo "$output" >&2
    exit 1
  fi
  printf '%s\n' "$output"
}

configs=$(run list-configs)
grep -qx "$config" <<<"$configs" || { run copy-config default-config "$config" >/dev/null; step "configuration $config created"; }
groups=$(run list-deployment-groups)
grep -q "^$group\b" <<<"$groups" || { run create-deployment-group "$group" >/dev/null; step "deployment group $group created"; }
instances=$(run list-instances --long=false)
position=0
for instance in "$@"; do
  if ! grep -q "^$instance\b" <<<"$instances"; then
    run create-instance --node "$node" --config "$config" \
      --portbase $((${PORT_BASE:-28000} + 100 * position)) "$instance" >/dev/null
    step "instance $instance created on $node"
  fi
  members=$(run list-instances "$group")
  grep -q "^$instance\b" <<<"$members" \
    || { run add-instance-to-deployment-group --instance "$instance" --deploymentgroup "$group" >/dev/null; step "instance $instance joined $group"; }
  position=$((position + 1))
done
step "starting $group"
run start-deployment-group "$group" >/dev/null
run list-instances "$group"
