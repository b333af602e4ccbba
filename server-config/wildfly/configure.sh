#!/usr/bin/env bash
# Configures a WildFly installation for the receiver, per environment, with WildFly's own tools (the
# server stopped: jboss-cli's embedded server writes standalone-microprofile.xml):
#   server-config/wildfly/configure.sh staging|production
# Idempotent: run it again after changing a value. What it sets (manual: "Deploy on WildFly"):
#   1. EclipseLink as a JPA provider module (WildFly's default is Hibernate), from target/runtime;
#   2. the PostgreSQL driver module and the datasource java:/jdbc/comptappart, with the pool's
#      validation and timeouts of the Payara configuration (a dead database costs a 503 within 3 s);
#   3. the secrets (database password, API keys, e-mail hash salt, signing secrets) as expressions
#      encrypted with a key in an Elytron credential store, never in clear in the configuration;
#   4. the receiver's configuration values as system properties, which MicroProfile Config reads;
#   5. Micrometer with its Prometheus registry (the receiver's metrics, management port /prometheus);
#   6. the ops users of group ops in the application realm (COMPTAPPART_OPS_USERS="user:password ...").
# Environment: WILDFLY_HOME, COMPTAPPART_DB_HOST, _PORT, _NAME, _USER, _PASSWORD, COMPTAPPART_API_KEYS,
# COMPTAPPART_PERSONAL_DATA_HASH_SALT, COMPTAPPART_SPOOL_DIR, and, when set, COMPTAPPART_TRUSTED_PROXIES,
# COMPTAPPART_SIGNING_SECRETS, COMPTAPPART_OPS_USERS.
set -euo pipefail
environment=${1:?usage: configure.sh staging|production}
case $environment in staging | production) ;; *) echo "unknown environment: $environment" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
runtime=${COMPTAPPART_RUNTIME_DIR:-$here/../../target/runtime}
: "${WILDFLY_HOME:?the WildFly installation}" "${COMPTAPPART_DB_HOST:?}" "${COMPTAPPART_DB_PORT:?}"
: "${COMPTAPPART_DB_NAME:?}" "${COMPTAPPART_DB_USER:?}" "${COMPTAPPART_SPOOL_DIR:?}"
: "${COMPTAPPART_API_KEYS:?staging and production never take orders without a key}"
: "${COMPTAPPART_PERSONAL_DATA_HASH_SALT:?one salt per environment}"
cli=("$WILDFLY_HOME/bin/jboss-cli.sh")

# 1. EclipseLink beside WildFly's integration (jipijapa), in a module of the installation's own
# layer (modules/), which WildFly prefers to the one it ships without the EclipseLink jar.
base=$WILDFLY_HOME/modules/system/layers/base/org/eclipse/persistence/main
module=$WILDFLY_HOME/modules/org/eclipse/persistence/main
mkdir -p "$module"
cp "$runtime/eclipselink.jar" "$module/eclipselink.jar"
cp "$base"/jipijapa-eclipselink-*.jar "$module/"
integration=$(basename "$base"/jipijapa-eclipselink-*.jar)
cat >"$module/module.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by server-config/wildfly/configure.sh: EclipseLink as WildFly's documentation installs it. -->
<module name="org.eclipse.persistence" xmlns="urn:jboss:module:1.9">
    <properties><property name="jboss.api" value="public"/></properties>
    <resources>
        <resource-root path="$integration"/>
        <resource-root path="eclipselink.jar"><filter><exclude path="javax/**"/></filter></resource-root>
    </resources>
    <dependencies>
        <module name="java.desktop"/><module name="java.instrument"/><module name="java.logging"/>
        <module name="java.management"/><module name="java.naming"/><module name="java.rmi"/>
        <module name="java.sql"/><module name="java.xml"/><module name="jdk.unsupported"/>
        <module name="jakarta.annotation.api"/><module name="jakarta.enterprise.api"/>
        <module name="jakarta.json.api" optional="true"/><module name="jakarta.persistence.api"/>
        <module name="jakarta.transaction.api"/><module name="jakarta.validation.api"/>
        <module name="jakarta.xml.bind.api"/><module name="org.antlr"/>
        <module name="org.jboss.as.jpa.spi"/><module name="org.jboss.logging"/><module name="org.jboss.vfs"/>
    </dependencies>
</module>
XML
mkdir -p "$WILDFLY_HOME/modules/org/postgresql/main"
cp "$runtime/postgresql.jar" "$WILDFLY_HOME/modules/org/postgresql/main/postgresql.jar"
cat >"$WILDFLY_HOME/modules/org/postgresql/main/module.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<module name="org.postgresql" xmlns="urn:jboss:module:1.9">
    <resources><resource-root path="postgresql.jar"/></resources>
    <dependencies>
        <module name="java.logging"/><module name="java.management"/><module name="java.naming"/>
        <module name="java.security.jgss"/><module name="java.sql"/><module name="java.xml"/>
        <module name="jakarta.transaction.api"/>
    </dependencies>
</module>
XML

# 6. Ops users: WildFly's application realm, group ops (web.xml's role ops).
for entry in ${COMPTAPPART_OPS_USERS:-}; do
  "$WILDFLY_HOME/bin/add-user.sh" -a -s -u "${entry%%:*}" -p "${entry#*:}" -g ops
done

# 2-5 in one embedded-server batch of its own; each resource is removed first, so a second run
# leaves the same configuration. The clear secrets pass through a temporary file only this user reads.
commands=$(mktemp)
trap 'rm -f "$commands"' EXIT
{
  echo "embed-server --server-config=standalone-microprofile.xml"
  # 3. The key that encrypts the secrets' expressions, in a credential store of its own.
  echo 'if (outcome != success) of /subsystem=elytron/secret-key-credential-store=comptappart:read-resource'
  echo '  /subsystem=elytron/secret-key-credential-store=comptappart:add(path=comptappart-secrets.cs, relative-to=jboss.server.config.dir, create=true, populate=true)'
  echo 'end-if'
  echo 'if (outcome != success) of /subsystem=elytron/expression=encryption:read-resource'
  echo '  /subsystem=elytron/expression=encryption:add(resolvers=[{name=comptappart, credential-store=comptappart, secret-key=key}])'
  echo 'end-if'
  echo 'if (outcome != success) of /subsystem=datasources/jdbc-driver=postgresql:read-resource'
  echo '  /subsystem=datasources/jdbc-driver=postgresql:add(driver-name=postgresql, driver-module-name=org.postgresql, driver-class-name=org.postgresql.Driver)'
  echo 'end-if'
  echo 'if (outcome != success) of /extension=org.wildfly.extension.micrometer:read-resource'
  echo '  /extension=org.wildfly.extension.micrometer:add'
  echo 'end-if'
  echo 'if (outcome != success) of /subsystem=micrometer:read-resource'
  echo '  /subsystem=micrometer:add'
  echo 'end-if'
  echo 'if (outcome != success) of /subsystem=micrometer/registry=prometheus:read-resource'
  echo '  /subsystem=micrometer/registry=prometheus:add(context=/prometheus, security-enabled=false)'
  echo 'end-if'
  echo 'stop-embedded-server'
} >"$commands"
"${cli[@]}" --file="$commands" >/dev/null

# The secrets' ${ENC::...} expressions, encrypted by the store's key, in one embedded server.
names=(db-password api-keys hash-salt)
secrets=("${COMPTAPPART_DB_PASSWORD:-none}" "$COMPTAPPART_API_KEYS" "$COMPTAPPART_PERSONAL_DATA_HASH_SALT")
if [[ -n ${COMPTAPPART_SIGNING_SECRETS:-} ]]; then
  names+=(signing-secrets)
  secrets+=("$COMPTAPPART_SIGNING_SECRETS")
fi
{
  echo "embed-server --server-config=standalone-microprofile.xml"
  for secret in "${secrets[@]}"; do
    echo "/subsystem=elytron/expression=encryption:create-expression(resolver=comptappart, clear-text=\"$secret\")"
  done
  echo "stop-embedded-server"
} >"$commands"
mapfile -t encrypted < <("${cli[@]}" --file="$commands" | sed -n 's/.*"expression" => "\(.*\)".*/\1/p')
if [[ ${#encrypted[@]} != "${#secrets[@]}" ]]; then
  echo "the credential store did not encrypt the secrets" >&2
  exit 1
fi
declare -A expression
for i in "${!names[@]}"; do
  expression[${names[$i]}]=${encrypted[$i]}
done

# property <name> <value>: a system property MicroProfile Config reads, replaced if present.
properties=()
property() {
  properties+=("if (outcome == success) of /system-property=$1:read-resource" "  /system-property=$1:remove" "end-if"
    "/system-property=$1:add(value=\"$2\")")
}
property comptappart.environment "$environment"
property comptappart.api-keys "${expression[api-keys]}"
property comptappart.personal-data.hash-salt "${expression[hash-salt]}"
property comptappart.delivery-spool-dir "$COMPTAPPART_SPOOL_DIR"
[[ -n ${COMPTAPPART_TRUSTED_PROXIES:-} ]] && property comptappart.trusted-proxies "$COMPTAPPART_TRUSTED_PROXIES"
[[ -n ${COMPTAPPART_SIGNING_SECRETS:-} ]] && property comptappart.signing-secrets "${expression[signing-secrets]}"
[[ $environment == production ]] && property comptappart.require-api-key true
# EclipseLink reads the WAR through WildFly's virtual file system.
property eclipselink.archive.factory org.jipijapa.eclipselink.JBossArchiveFactoryImpl
password=${expression[db-password]}

{
  echo "embed-server --server-config=standalone-microprofile.xml"
  printf '%s\n' "${properties[@]}"
  echo 'if (outcome == success) of /subsystem=datasources/data-source=comptappart:read-resource'
  echo '  /subsystem=datasources/data-source=comptappart:remove'
  echo 'end-if'
  # 32 connections; a refused connection fails within 1 s, a login that hangs is cut after 1 s, a
  # query that hangs after 2 s, a request waits for a connection 2 s at most: a 503 within 3 s.
  # Connections are validated when taken, so those the database dropped are replaced.
  echo "/subsystem=datasources/data-source=comptappart:add(jndi-name=java:/jdbc/comptappart, driver-name=postgresql,\
 connection-url=\"jdbc:postgresql://$COMPTAPPART_DB_HOST:$COMPTAPPART_DB_PORT/$COMPTAPPART_DB_NAME?connectTimeout=1&loginTimeout=1&socketTimeout=2&tcpKeepAlive=true&ApplicationName=comptappart-orders\",\
 user-name=\"$COMPTAPPART_DB_USER\", password=\"$password\", min-pool-size=4, max-pool-size=32,\
 blocking-timeout-wait-millis=2000, idle-timeout-minutes=5, validate-on-match=true, background-validation=false,\
 valid-connection-checker-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLValidConnectionChecker,\
 exception-sorter-class-name=org.jboss.jca.adapters.jdbc.extensions.postgres.PostgreSQLExceptionSorter,\
 statistics-enabled=true)"
  echo 'stop-embedded-server'
} >"$commands"
"${cli[@]}" --file="$commands" >/dev/null
echo "WildFly at $WILDFLY_HOME configured for $environment"
