#!/bin/sh
# Takes one receiver instance out of the nginx site's upstream, or puts it back, then reloads
# nginx (running requests finish; new ones go to the other instances). Installed on the proxy
# host; deploy.sh runs it through PROXY_DRAIN / PROXY_RESTORE during a rolling deployment:
#
#   upstream.sh down <host>:<port>     mark that instance's upstream server "down"
#   upstream.sh up <host>:<port>       serve from it again
#
# The instance is found by its port (deploy.sh names it by the node's host name, the upstream may
# use an address). Settings, from the environment:
#   NGINX_SITE     the site file (default: /etc/nginx/sites-enabled/comptappart-orders.conf)
#   NGINX_RELOAD   the reload command (default: nginx -s reload)
set -eu

action=${1:?usage: upstream.sh <down|up> <host>:<port>}
port=${2:?usage: upstream.sh <down|up> <host>:<port>}
port=${port##*:}
site=${NGINX_SITE:-/etc/nginx/sites-enabled/comptappart-orders.conf}
grep -Eq "^[[:space:]]*server[[:space:]]+[^[:space:];]*:$port[[:space:];]" "$site" \
  || { echo "upstream.sh: no upstream server on port $port in $site" >&2; exit 1; }
server="^([[:space:]]*server[[:space:]]+[^[:space:];]*:$port([[:space:]][^;]*)?)"
# Any "down" is removed first, so that both directions can be run twice.
case $action in
  down) sed -i -E "s/$server down;/\1;/; s/$server;/\1 down;/" "$site" ;;
  up) sed -i -E "s/$server down;/\1;/" "$site" ;;
  *) echo "usage: upstream.sh <down|up> <host>:<port>" >&2; exit 2 ;;
esac
${NGINX_RELOAD:-nginx -s reload}
