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

source "$(dirname "$0")/asadmin.sh" deployment-group

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
# One after the other: start-deployment-group was seen never to return (on 2 busy cores) after
# both instances had started.
for instance in "$@"; do
  grep -Eq "^$instance +running" <<<"$(run list-instances "$group")" \
    || { run start-instance "$instance" >/dev/null; step "instance $instance started"; }
done
run list-instances "$group"
