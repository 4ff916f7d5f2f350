#!/bin/sh
# Installs RVNT on a host from an unpacked release bundle (this script's folder). Idempotent: files are copied only
# when they differ, an existing /etc/rvnt/identity.conf is never overwritten, and each step says what it changed.
#
# usage:
#   install.sh provision --role identity|bootstrap|relay [--root DIR] [--mode systemd|plain] [--admin-cidr CIDR ...]
#       System user, folders, units, journald, nginx site, sysctl, fail2ban, unattended-upgrades, torrc snippet,
#       firewall script. In systemd mode (root / only) it also activates them: missing Debian packages, daemon-reload,
#       sysctl --system, journald restart, nginx reload, fail2ban reload, and the UFW rules when --admin-cidr is given.
#       In plain mode it only lays out files under ROOT (hosts without systemd, containers, the tests).
#   install.sh release [--root DIR]
#       Checks SHA256SUMS, then copies this bundle into ROOT/opt/rvnt/releases/VERSION (never over an existing one)
#       and prints the folder. Switching `current` and restarting is the caller's job (rvnt remote deploy).
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
version="$(cat "$here/VERSION")"
action="${1:-}"
[ -n "$action" ] && shift
root=/
mode=systemd
role=
cidrs=
while [ "$#" -gt 0 ]; do
  case "$1" in
    --root) root="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --role) role="$2"; shift 2 ;;
    --admin-cidr) cidrs="$cidrs $2"; shift 2 ;;
    *) echo "install.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
root="${root%/}"
[ -z "$root" ] || [ -d "$root" ] || { echo "install.sh: --root must be an existing folder" >&2; exit 2; }

verify_sums() {
  (cd "$here" && sha256sum --quiet --strict -c SHA256SUMS) || { echo "install.sh: SHA256SUMS do not match" >&2; exit 1; }
}

# put SRC DEST MODE: copies when absent or different, says which.
put() {
  dest="$root$2"
  mkdir -p "$(dirname "$dest")"
  if [ -f "$dest" ] && cmp -s "$here/$1" "$dest"; then
    echo "unchanged $2"
  else
    install -m "$3" "$here/$1" "$dest"
    echo "installed $2"
  fi
}

dir() {
  if [ -d "$root$1" ]; then
    chmod "$2" "$root$1"
  else
    mkdir -p "$root$1"
    chmod "$2" "$root$1"
    echo "created $1"
  fi
}

provision() {
  case "$role" in
    identity|bootstrap|relay) ;;
    *) echo "install.sh: provision needs --role identity, bootstrap or relay" >&2; exit 2 ;;
  esac
  case "$mode" in
    systemd) [ -z "$root" ] || { echo "install.sh: systemd mode installs into / only" >&2; exit 2; } ;;
    plain) [ -n "$root" ] || { echo "install.sh: plain mode needs --root DIR" >&2; exit 2; } ;;
    *) echo "install.sh: unknown mode '$mode' (systemd or plain)" >&2; exit 2 ;;
  esac
  verify_sums
  if [ "$mode" = systemd ]; then
    missing=
    for p in openjdk-17-jre-headless nginx-light tor ufw fail2ban unattended-upgrades; do
      dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
      echo "installed packages$missing"
    fi
    if ! id rvnt >/dev/null 2>&1; then
      useradd --system --home-dir /var/lib/rvnt --no-create-home --shell /usr/sbin/nologin rvnt
      echo "created user rvnt"
    fi
  fi
  dir /opt/rvnt 0755
  dir /opt/rvnt/releases 0755
  dir /opt/rvnt/incoming 0700
  dir /opt/rvnt/bin 0755
  dir /etc/rvnt 0750
  dir /var/lib/rvnt 0700
  dir "/var/lib/rvnt/$role" 0700
  put bin/rvnt-service /opt/rvnt/bin/rvnt-service 0755
  put firewall/rvnt-ufw.sh /opt/rvnt/bin/rvnt-ufw.sh 0755
  put "systemd/rvnt-$role.service" "/etc/systemd/system/rvnt-$role.service" 0644
  put journald/rvnt.conf /etc/systemd/journald.conf.d/rvnt.conf 0644
  put sysctl/99-rvnt.conf /etc/sysctl.d/99-rvnt.conf 0644
  put fail2ban/rvnt-sshd.local /etc/fail2ban/jail.d/rvnt-sshd.local 0644
  put apt/52rvnt-unattended-upgrades /etc/apt/apt.conf.d/52rvnt-unattended-upgrades 0644
  if [ "$role" = identity ]; then
    put nginx/rvnt-identity.conf /etc/nginx/sites-available/rvnt-identity 0644
    if [ ! -e "$root/etc/nginx/sites-enabled/rvnt-identity" ]; then
      mkdir -p "$root/etc/nginx/sites-enabled"
      ln -s ../sites-available/rvnt-identity "$root/etc/nginx/sites-enabled/rvnt-identity"
      echo "enabled nginx site rvnt-identity"
    fi
    put tor/rvnt-onion.torrc /etc/tor/torrc.d/rvnt-onion.conf 0644
    if [ ! -f "$root/etc/rvnt/identity.conf" ]; then
      # Under a plain-mode root, the data folder moves with it.
      sed "s#/var/lib/rvnt#$root/var/lib/rvnt#" "$here/config/identity.conf" >"$root/etc/rvnt/identity.conf"
      chmod 0640 "$root/etc/rvnt/identity.conf"
      echo "installed /etc/rvnt/identity.conf"
    else
      echo "kept /etc/rvnt/identity.conf"
    fi
  fi
  if [ "$mode" = systemd ]; then
    chown rvnt:rvnt /var/lib/rvnt "/var/lib/rvnt/$role"
    chgrp rvnt /etc/rvnt
    [ ! -f /etc/rvnt/identity.conf ] || chgrp rvnt /etc/rvnt/identity.conf
    grep -qs '^%include /etc/tor/torrc.d/' /etc/tor/torrc || echo '%include /etc/tor/torrc.d/' >>/etc/tor/torrc
    systemctl daemon-reload
    systemctl enable --quiet "rvnt-$role"
    sysctl --system >/dev/null
    systemctl restart systemd-journald
    [ "$role" != identity ] || { nginx -t -q && systemctl reload nginx && systemctl reload tor; }
    systemctl reload-or-restart fail2ban
    if [ -n "$cidrs" ]; then
      /opt/rvnt/bin/rvnt-ufw.sh "$role" $cidrs >/dev/null
      echo "firewall rules applied"
    else
      echo "firewall left unchanged (no --admin-cidr)"
    fi
  fi
  monitoring
  echo "provisioned $role ($mode)"
}

# monitoring: where Debian's prometheus is installed, the RVNT alert rules and this host's scrape configuration go to
# /etc/prometheus/rvnt/ and Prometheus is pointed at them, on loopback port 9095 (9090 is the identity server's admin
# port); where prometheus-alertmanager is installed, its configuration too, with an empty routing key file for the
# operator to fill (docs/monitoring.md). ARGS an operator set already are kept. A host without Prometheus is left
# alone.
monitoring() {
  if [ ! -x "$root/usr/bin/prometheus" ]; then
    echo "monitoring skipped (prometheus is not installed)"
    return 0
  fi
  dir /etc/prometheus/rvnt 0755
  put monitoring/rvnt-alerts.yml /etc/prometheus/rvnt/rvnt-alerts.yml 0644
  put monitoring/prometheus.yml /etc/prometheus/rvnt/prometheus.yml 0644
  # The role's own scrape target: a host scrapes only the servers it runs.
  put "monitoring/targets/$role.yml" "/etc/prometheus/rvnt/targets/$role.yml" 0644
  monitoring_args /etc/default/prometheus \
    "--config.file=/etc/prometheus/rvnt/prometheus.yml --web.listen-address=127.0.0.1:9095"
  services=prometheus
  if [ -x "$root/usr/bin/prometheus-alertmanager" ]; then
    put monitoring/alertmanager.yml /etc/prometheus/rvnt/alertmanager.yml 0644
    key=/etc/prometheus/rvnt/pagerduty-routing-key
    if [ ! -e "$root$key" ]; then
      install -m 0640 /dev/null "$root$key"
      echo "created $key (empty: write the PagerDuty routing key into it)"
    fi
    # --cluster.listen-address= : no gossip port on every interface; one Alertmanager per host.
    monitoring_args /etc/default/prometheus-alertmanager "--config.file=/etc/prometheus/rvnt/alertmanager.yml \
--web.listen-address=127.0.0.1:9093 --cluster.listen-address="
    services="$services prometheus-alertmanager"
  fi
  if [ "$mode" = systemd ]; then
    [ -z "${key:-}" ] || ! getent group prometheus >/dev/null || chgrp prometheus "$key"
    systemctl try-restart $services
  fi
}

# monitoring_args FILE ARGS: sets ARGS in a Debian defaults file, unless the operator set other ARGS there.
monitoring_args() {
  f="$root$1"
  if [ -f "$f" ] && grep -q "^ARGS=\"$2\"\$" "$f"; then
    echo "unchanged $1"
  elif [ -f "$f" ] && grep -q '^ARGS="[^"]' "$f"; then
    echo "kept $1 (ARGS set by hand; RVNT's would be: $2)"
  else
    mkdir -p "$(dirname "$f")"
    touch "$f"
    grep -v '^ARGS=' "$f" >"$f.rvnt" || true
    echo "ARGS=\"$2\"" >>"$f.rvnt"
    mv "$f.rvnt" "$f"
    echo "set ARGS in $1"
  fi
}

release() {
  verify_sums
  target="$root/opt/rvnt/releases/$version"
  if [ -e "$target" ]; then
    # A version folder is written once: re-deploying the same version must bring the same bytes.
    (cd "$target" && sha256sum --quiet --strict -c SHA256SUMS) || {
      echo "install.sh: $target exists with different contents" >&2; exit 1; }
    echo "$target"
    return 0
  fi
  mkdir -p "$target.partial"
  (cd "$here" && tar -cf - .) | (cd "$target.partial" && tar -xf -)
  mv "$target.partial" "$target"
  echo "$target"
}

case "$action" in
  provision) provision ;;
  release) release ;;
  *) echo "usage: install.sh provision|release [options] (see the header of this script)" >&2; exit 2 ;;
esac
