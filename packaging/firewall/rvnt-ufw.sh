#!/bin/sh
# UFW rules (server architecture, "Network"): only the role's public ports (roles.conf; `-` for none) are open to
# the world; SSH only from the admin allowlist, on the host's SSH port; on a member of the identity cluster, its Raft
# port only from the other members (their cluster-member lines in the role's config, read by rvnt-cluster-peers).
#
# usage: rvnt-ufw.sh [--check] [--ssh-port PORT] ROLE ADMIN_CIDR [ADMIN_CIDR ...]
#
# Everything is checked before UFW is touched: the role, the port and every CIDR (a mistyped one exits 2 and the
# firewall stays exactly as it was). Refuses to run without an allowlist, which would lock SSH out. The rule set is
# then built whole; when UFW is active with exactly that set (and nobody changed it since), nothing happens
# (`unchanged firewall`); otherwise it replaces the old set (`applied firewall ...`). --check only validates.
# Logging stays off: UFW's log lines carry addresses.
set -eu

usage() {
  echo "usage: rvnt-ufw.sh [--check] [--ssh-port PORT] ROLE ADMIN_CIDR [ADMIN_CIDR ...]" >&2
  exit 2
}

check_only=
ssh_port=22
while [ "$#" -gt 0 ]; do
  case "$1" in
    --check) check_only=1; shift ;;
    --ssh-port) [ "$#" -ge 2 ] || usage; ssh_port="$2"; shift 2 ;;
    -*) echo "rvnt-ufw.sh: unknown option '$1'" >&2; usage ;;
    *) break ;;
  esac
done
[ "$#" -ge 2 ] || usage
role="$1"
shift

table="$(cd "$(dirname "$0")/.." && pwd)/roles.conf"
[ -f "$table" ] || { echo "rvnt-ufw.sh: $table is missing" >&2; exit 2; }
ports="$(awk -v role="$role" '$1 !~ /^#/ && $1 == role { print $5; exit }' "$table")"
config="$(awk -v role="$role" '$1 !~ /^#/ && $1 == role { print $4; exit }' "$table")"
if [ -z "$ports" ]; then
  echo "rvnt-ufw.sh: unknown role '$role' ($(awk '$1 !~ /^#/ && NF { printf "%s%s", sep, $1; sep=", " }' "$table"))" >&2
  exit 2
fi
case "$ssh_port" in
  ''|*[!0-9]*) echo "rvnt-ufw.sh: --ssh-port must be a number from 1 to 65535, not '$ssh_port'" >&2; exit 2 ;;
esac
if [ "$ssh_port" -lt 1 ] || [ "$ssh_port" -gt 65535 ]; then
  echo "rvnt-ufw.sh: --ssh-port must be a number from 1 to 65535, not '$ssh_port'" >&2
  exit 2
fi

# valid_cidr CIDR: an IPv4 or IPv6 network with its prefix length, written as UFW takes it.
valid_cidr() {
  printf '%s\n' "$1" | awk '
    function v4(a,   n, i, o) {
      n = split(a, o, ".")
      if (n != 4) return 0
      for (i = 1; i <= 4; i++) if (o[i] !~ /^[0-9]+$/ || length(o[i]) > 3 || o[i] + 0 > 255) return 0
      return 1
    }
    function v6(a,   n, i, g, filled, halves) {
      halves = gsub(/::/, "::", a)
      if (halves > 1 || a ~ /:::/) return 0
      if (a == "::") return 1
      sub(/^::/, ":", a); sub(/::$/, ":", a)
      n = split(a, g, ":")
      filled = 0
      for (i = 1; i <= n; i++) {
        if (g[i] == "") continue
        if (g[i] !~ /^[0-9A-Fa-f]+$/ || length(g[i]) > 4) return 0
        filled++
      }
      return halves ? filled <= 7 : (filled == 8 && n == 8)
    }
    {
      if (NF != 1 || split($0, p, "/") != 2 || p[2] !~ /^[0-9]+$/ || length(p[2]) > 3) exit 1
      if (p[1] ~ /:/) exit !(v6(p[1]) && p[2] + 0 <= 128)
      exit !(v4(p[1]) && p[2] + 0 <= 32)
    }'
}
for cidr in "$@"; do
  valid_cidr "$cidr" || { echo "rvnt-ufw.sh: '$cidr' is not an IPv4 or IPv6 network such as 198.51.100.0/24" >&2; exit 2; }
done
# The cluster's members are checked with the rest: a member given by name rather than address exits 2 here.
peers="$(sh "$(dirname "$0")/../bin/rvnt-cluster-peers" "$config")" || exit 2
raft_port="$(echo "$peers" | awk '$1 == "port" { print $2 }')"
[ -z "$check_only" ] || exit 0

# The whole rule set, one ufw command a line.
rules="default deny incoming
default allow outgoing
logging off"
for cidr in "$@"; do
  rules="$rules
allow proto tcp from $cidr to any port $ssh_port comment rvnt-admin-ssh"
done
for port in $(echo "$ports" | tr ',' ' '); do
  [ "$port" != - ] || continue
  rules="$rules
allow $port comment rvnt-$role"
done
for peer in $(echo "$peers" | awk '$1 == "peer" { print $3 }'); do
  rules="$rules
allow proto tcp from $peer to any port $raft_port comment rvnt-raft"
done

# What UFW runs now, as far as these rules decide it; recorded after each apply, so a hand-made change is noticed.
state=/etc/ufw/rvnt-applied
current() {
  printf '%s\n--\n' "$rules"
  ufw status verbose | grep -E '^(Status|Logging|Default):'
  ufw show added
}
if [ -f "$state" ] && [ "$(current)" = "$(cat "$state")" ]; then
  echo "unchanged firewall ($role, SSH port $ssh_port from $*)"
  exit 0
fi
ufw --force reset >/dev/null
printf '%s\n' "$rules" | while IFS= read -r rule; do
  # shellcheck disable=SC2086 # each line is one ufw command's words
  ufw $rule >/dev/null || { echo "rvnt-ufw.sh: 'ufw $rule' failed; UFW is disabled" >&2; exit 1; }
done
ufw --force enable >/dev/null
current >"$state"
opened="$(echo "$ports" | tr ',' ' ') open"
[ "$ports" != - ] || opened="nothing open to the world"
[ -z "$raft_port" ] || opened="$opened; Raft port $raft_port from $(echo "$peers" | awk '$1 == "peer" { printf "%s%s", sep, $3; sep = " " }')"
echo "applied firewall ($role: $opened; SSH port $ssh_port from $*)"
