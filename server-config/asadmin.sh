# Sourced by deploy.sh and deployment-group.sh: the asadmin command line of the domain (from the
# ASADMIN and ADMIN_* settings deploy.sh describes) and the helpers both scripts run it with.
#   source "$(dirname "$0")/asadmin.sh" <name to prefix messages with>
prefix=$1
admin=("${ASADMIN:-asadmin}" --host "${ADMIN_HOST:-localhost}" --port "${ADMIN_PORT:-4848}"
       --user "${ADMIN_USER:-admin}" --secure="${ADMIN_SECURE:-false}" --interactive=false)
[[ -n ${ADMIN_PASSWORD_FILE:-} ]] && admin+=(--passwordfile "$ADMIN_PASSWORD_FILE")

step() { echo "$prefix: $*"; }

# Runs one asadmin command; on failure prints it (never a secret: none is on a command line) and stops.
run() {
  local output
  if ! output=$("${admin[@]}" "$@" 2>&1); then
    echo "$prefix: FAILED: asadmin $*" >&2
    echo "$output" >&2
    exit 1
  fi
  printf '%s\n' "$output"
}

# A read-only command, tried three times: right after a deployment the domain can refuse one.
query() {
  local attempt output
  for attempt in 1 2 3; do
    if output=$("${admin[@]}" "$@" 2>&1); then
      printf '%s\n' "$output"
      return 0
    fi
    sleep 2
  done
  echo "$prefix: FAILED: asadmin $*" >&2
  echo "$output" >&2
  exit 1
}
