#!/usr/bin/env bash
# Deploys the WAR on a running WildFly configured by configure.sh, as ops do:
#   server-config/wildfly/deploy.sh staging|production target/comptappart-orders.war
# Idempotent (the same WAR again replaces itself). WildFly replaces a deployment in one management
# operation that is rolled back when the new version fails to start: the running version keeps
# serving. Staging and production refuse to deploy without API keys (the receiver never runs open).
# Environment: WILDFLY_HOME; WILDFLY_MANAGEMENT (host:port, default 127.0.0.1:9990);
# WILDFLY_READY_SECONDS (default 60): how long /health/ready may take to answer UP;
# WILDFLY_USER / WILDFLY_PASSWORD: a management user, for a server on another host (a local one
# lets jboss-cli in without).
set -euo pipefail
environment=${1:?usage: deploy.sh staging|production <war>}
war=${2:?usage: deploy.sh staging|production <war>}
: "${WILDFLY_HOME:?the WildFly installation}"
management=${WILDFLY_MANAGEMENT:-127.0.0.1:9990}
cli=("$WILDFLY_HOME/bin/jboss-cli.sh" --connect --controller="$management")
if [[ -n ${WILDFLY_USER:-} ]]; then
  cli+=(--user="$WILDFLY_USER" --password="$WILDFLY_PASSWORD")
fi
step() { echo "step $*"; }

step 1/4 the server runs the $environment configuration
if ! answer=$("${cli[@]}" --output-json --command='/system-property=comptappart.environment:read-attribute(name=value)' 2>&1); then
  echo "no answer from WildFly's management at $management, or no comptappart.environment (configure.sh sets it): $answer" >&2
  exit 1
fi
configured=$(sed -n 's/.*"result" : "\(.*\)".*/\1/p' <<<"$answer")
if [[ $configured != "$environment" ]]; then
  echo "the server is configured for '${configured:-nothing}', not $environment: run configure.sh $environment" >&2
  exit 1
fi
if ! "${cli[@]}" --command='/system-property=comptappart.api-keys:read-resource' >/dev/null 2>&1; then
  echo "no API keys on this server: $environment never deploys open (configure.sh sets them)" >&2
  exit 1
fi

step 2/4 deploy "$war" as comptappart-orders.war
# --force replaces the running version in one operation, rolled back if the new one fails.
if ! "${cli[@]}" --command="deploy --force --name=comptappart-orders.war --runtime-name=comptappart-orders.war $war"; then
  echo "the deployment failed and was rolled back: the running version (if any) still serves" >&2
  exit 1
fi

step 3/4 wait until /health/ready answers UP
ready=0
for _ in $(seq 1 $((${WILDFLY_READY_SECONDS:-60} * 2))); do
  if curl -fsS "http://$management/health/ready" 2>/dev/null | grep -q '"status":"UP"'; then
    ready=1
    break
  fi
  sleep 0.5
done
if [[ $ready != 1 ]]; then
  echo "deployed, but /health/ready is not UP: the database? (curl http://$management/health/ready)" >&2
  exit 1
fi

step 4/4 deployed
"${cli[@]}" --command='deployment-info --name=comptappart-orders.war'
