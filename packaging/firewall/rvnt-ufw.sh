#!/bin/sh
# UFW rules (server architecture, "Network"): only 80, 443, 4001 and (relays) 4002 are open to the world; SSH only
# from the admin allowlist. Usage: rvnt-ufw.sh ROLE ADMIN_CIDR [ADMIN_CIDR ...]   (ROLE: identity, bootstrap, relay)
# Idempotent: ufw skips rules that already exist. Refuses to run without an allowlist, which would lock SSH out.
set -eu
if [ "$#" -lt 2 ]; then
  echo "usage: rvnt-ufw.sh identity|bootstrap|relay ADMIN_CIDR [ADMIN_CIDR ...]" >&2
  exit 2
fi
role="$1"
shift
ufw --force reset >/dev/null
ufw default deny incoming
ufw default allow outgoing
ufw logging off
for cidr in "$@"; do
  ufw allow proto tcp from "$cidr" to any port 22 comment 'rvnt admin ssh'
done
case "$role" in
  identity)
    ufw allow 80/tcp comment 'rvnt http (acme, redirect)'
    ufw allow 443/tcp comment 'rvnt https'
    ;;
  bootstrap)
    ufw allow 4001/tcp comment 'rvnt dht tcp'
    ufw allow 4001/udp comment 'rvnt dht quic'
    ;;
  relay)
    ufw allow 4002/tcp comment 'rvnt relay tcp'
    ufw allow 4002/udp comment 'rvnt relay quic'
    ;;
  all)
    ufw allow 80/tcp
    ufw allow 443/tcp
    ufw allow 4001/tcp
    ufw allow 4001/udp
    ufw allow 4002/tcp
    ufw allow 4002/udp
    ;;
  *)
    echo "rvnt-ufw.sh: unknown role '$role' (identity, bootstrap, relay or all)" >&2
    exit 2
    ;;
esac
ufw --force enable
