#!/bin/sh
# Installs RVNT on a host from an unpacked release bundle (this script's folder). Idempotent: files are copied only
# when they differ, an operator's edits to a config file or nginx site are kept, and each step says what it did.
#
# usage:
#   install.sh provision --role ROLE [--root DIR] [--mode systemd|plain] [--ssh-port PORT] [--admin-cidr CIDR ...]
#       ROLE is a role of roles.conf. System user, folders, the role's unit and config, journald, sysctl, fail2ban,
#       unattended-upgrades, the firewall script, and the role's extras (identity: nginx sites, torrc snippet; a
#       cluster member: its unit may reach the other members, from the cluster-member lines of its config). In
#       systemd mode (root / only) it also activates them: missing Debian packages, daemon-reload, sysctl, journald,
#       nginx, tor, fail2ban, and the UFW rules (SSH from the --admin-cidr ranges on --ssh-port) when --admin-cidr
#       is given. In plain mode it only lays out files under ROOT (hosts without systemd, containers, the tests).
#   install.sh release [--root DIR]
#       Checks SHA256SUMS, then copies this bundle into ROOT/opt/rvnt/releases/VERSION (never over an existing one)
#       and prints the folder. Switching `current` and restarting is the caller's job (rvnt remote deploy).
#
# Output of provision: one line per step, beginning with what happened. `unchanged`, `kept` and `checked` change
# nothing; every other verb is a change. A step that fails prints `failed STEP: why` on stderr, the other steps
# still run, and the last line, on stderr, is `provision failed: ...` with exit status 1. Otherwise the last line is
# `provisioned ROLE (MODE): nothing changed` or `provisioned ROLE (MODE): N changes`.
# Exit status: 0 done, 1 a step failed, 2 bad options (nothing changed), 3 the bundle's files do not match its
# SHA256SUMS (nothing changed).
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
version="$(cat "$here/VERSION")"
table="$here/roles.conf"
action="${1:-}"
[ -n "$action" ] && shift
root=/
mode=systemd
role=
ssh_port=22
cidrs=
while [ "$#" -gt 0 ]; do
  case "$1" in
    --root|--mode|--role|--ssh-port|--admin-cidr)
      [ "$#" -ge 2 ] || { echo "install.sh: $1 needs a value" >&2; exit 2; } ;;
  esac
  case "$1" in
    --root) root="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --role) role="$2"; shift 2 ;;
    --ssh-port) ssh_port="$2"; shift 2 ;;
    --admin-cidr) cidrs="$cidrs $2"; shift 2 ;;
    *) echo "install.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
root="${root%/}"
[ -z "$root" ] || [ -d "$root" ] || { echo "install.sh: --root must be an existing folder" >&2; exit 2; }

# A file generated from a shipped one, and the step records, in a scratch folder removed on exit.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
: >"$scratch/changes"
: >"$scratch/failures"

# changed LINE: reports a change. failed STEP WHY: reports a failed step; provision carries on and fails at the end.
changed() {
  echo "$1"
  echo "$1" >>"$scratch/changes"
}
failed() {
  echo "failed $1: $2" >&2
  echo "$1: $2" >>"$scratch/failures"
}

verify_sums() {
  (cd "$here" && sha256sum --quiet --strict -c SHA256SUMS) || { echo "install.sh: SHA256SUMS do not match" >&2; exit 3; }
}

# role_field COLUMN: the role's column of roles.conf (2 command, 3 unit, 4 config, 5 public ports, 8 extras).
role_field() {
  awk -v role="$role" -v column="$1" '$1 !~ /^#/ && $1 == role { print $column; exit }' "$table"
}

has_extra() {
  case ",$(role_field 8)," in *",$1,"*) return 0 ;; *) return 1 ;; esac
}

# put SRC DEST MODE: a shipped file, replaced whenever it differs (not meant to be edited on the host).
put() {
  dest="$root$2"
  mkdir -p "$(dirname "$dest")"
  if [ -f "$dest" ] && cmp -s "$1" "$dest"; then
    echo "unchanged $2"
  else
    verb=installed
    [ ! -f "$dest" ] || verb=updated
    install -m "$3" "$1" "$dest"
    changed "$verb $2"
  fi
}

# conffile SRC DEST MODE: a file the operator may edit (config, nginx site). It is replaced only while it still has
# the bytes this script wrote last (their SHA-256 is kept in /opt/rvnt/conffiles); an edited one is kept and the
# shipped version left beside it as DEST.rvnt-new, as dpkg does with its .dpkg-dist.
conffile() {
  dest="$root$2"
  record="$root/opt/rvnt/conffiles"
  touch "$record"
  new_sum="$(sha256sum <"$1" | cut -d' ' -f1)"
  if [ -f "$dest" ]; then
    sum="$(sha256sum <"$dest" | cut -d' ' -f1)"
    if [ "$sum" = "$new_sum" ]; then
      remember "$2" "$new_sum"
      echo "unchanged $2"
      return 0
    fi
    if [ "$(awk -v f="$2" '$2 == f { print $1 }' "$record")" != "$sum" ]; then
      if [ -f "$dest.rvnt-new" ] && cmp -s "$1" "$dest.rvnt-new"; then
        echo "kept $2 (edited on this host; the shipped version is $2.rvnt-new)"
      else
        install -m "$3" "$1" "$dest.rvnt-new"
        changed "kept $2 (edited on this host); installed the shipped version as $2.rvnt-new"
      fi
      return 0
    fi
  fi
  verb=installed
  [ ! -f "$dest" ] || verb=updated
  mkdir -p "$(dirname "$dest")"
  install -m "$3" "$1" "$dest"
  rm -f "$dest.rvnt-new"
  remember "$2" "$new_sum"
  changed "$verb $2"
}

remember() {
  record="$root/opt/rvnt/conffiles"
  { awk -v f="$1" '$2 != f' "$record"; echo "$2 $1"; } >"$record.new"
  mv "$record.new" "$record"
}

dir() {
  if [ -d "$root$1" ]; then
    chmod "$2" "$root$1"
  else
    mkdir -p "$root$1"
    chmod "$2" "$root$1"
    changed "created $1"
  fi
}

check_provision_options() {
  if [ -z "$role" ] || [ -z "$(role_field 1)" ]; then
    echo "install.sh: provision needs --role $(awk '$1 !~ /^#/ && NF { printf "%s%s", sep, $1; sep=" or " }' "$table")" >&2
    exit 2
  fi
  case "$mode" in
    systemd) [ -z "$root" ] || { echo "install.sh: systemd mode installs into / only" >&2; exit 2; } ;;
    plain) [ -n "$root" ] || { echo "install.sh: plain mode needs --root DIR" >&2; exit 2; } ;;
    *) echo "install.sh: unknown mode '$mode' (systemd or plain)" >&2; exit 2 ;;
  esac
  case "$ssh_port" in
    ''|*[!0-9]*) echo "install.sh: --ssh-port must be a number from 1 to 65535" >&2; exit 2 ;;
  esac
  # The firewall's input is checked before anything changes, by the script that applies it.
  if [ -n "$cidrs" ]; then
    # shellcheck disable=SC2086 # one word per CIDR
    sh "$here/firewall/rvnt-ufw.sh" --check --ssh-port "$ssh_port" "$role" $cidrs || exit 2
  fi
}

install_packages() {
  missing=
  for p in openjdk-17-jre-headless nginx-light tor ufw fail2ban unattended-upgrades; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
  done
  [ -n "$missing" ] || return 0
  # shellcheck disable=SC2086 # one word per package
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >"$scratch/apt.out" 2>&1; then
    changed "installed packages$missing"
  else
    failed packages "apt-get install$missing: $(tail -n 1 "$scratch/apt.out")"
  fi
}

layout() {
  dir /opt/rvnt 0755
  dir /opt/rvnt/releases 0755
  dir /opt/rvnt/incoming 0700
  dir /opt/rvnt/bin 0755
  dir /etc/rvnt 0750
  dir /var/lib/rvnt 0700
  dir "/var/lib/rvnt/$role" 0700
  put "$here/roles.conf" /opt/rvnt/roles.conf 0644
  put "$here/bin/rvnt-service" /opt/rvnt/bin/rvnt-service 0755
  put "$here/firewall/rvnt-ufw.sh" /opt/rvnt/bin/rvnt-ufw.sh 0755
  put "$here/bin/rvnt-cluster-peers" /opt/rvnt/bin/rvnt-cluster-peers 0755
  put "$here/systemd/$(role_field 3)" "/etc/systemd/system/$(role_field 3)" 0644
  put "$here/journald/rvnt.conf" /etc/systemd/journald.conf.d/rvnt.conf 0644
  put "$here/sysctl/99-rvnt.conf" /etc/sysctl.d/99-rvnt.conf 0644
  put "$here/apt/52rvnt-unattended-upgrades" /etc/apt/apt.conf.d/52rvnt-unattended-upgrades 0644
  # fail2ban never bans the admin ranges: an operator mistyping codes must not lock the team out for an hour. Without
  # --admin-cidr the ranges of an earlier provision stay, as the firewall does.
  jail=/etc/fail2ban/jail.d/rvnt-sshd.local
  ignore="$(grep -m 1 '^ignoreip = ' "$here/fail2ban/rvnt-sshd.local") $(echo $cidrs)"
  if [ -z "$cidrs" ] && [ -f "$root$jail" ]; then
    ignore="$(grep -m 1 '^ignoreip = ' "$root$jail" || echo "$ignore")"
  fi
  sed "s#^ignoreip = .*#$ignore#; s# *\$##" "$here/fail2ban/rvnt-sshd.local" >"$scratch/rvnt-sshd.local"
  put "$scratch/rvnt-sshd.local" "$jail" 0644
  config="$(role_field 4)"
  # Under a plain-mode root, the data folder moves with it.
  sed "s#/var/lib/rvnt#$root/var/lib/rvnt#" "$here/config/$(basename "$config")" >"$scratch/config"
  conffile "$scratch/config" "$config" 0640
}

# The identity server's TLS front (nginx/rvnt-identity.conf) and the port-80 site that answers ACME challenges and
# redirects (nginx/rvnt-identity-http.conf); nginx/rvnt-no-logs.conf turns request logs off for every site.
nginx_files() {
  conffile "$here/nginx/rvnt-identity-http.conf" /etc/nginx/sites-available/rvnt-identity-http 0644
  conffile "$here/nginx/rvnt-identity.conf" /etc/nginx/sites-available/rvnt-identity 0644
  put "$here/nginx/rvnt-no-logs.conf" /etc/nginx/conf.d/rvnt-no-logs.conf 0644
  dir /var/www/letsencrypt 0755
  # Debian's default site answers every request by address on port 80: an RVNT host serves only its own sites.
  if [ -L "$root/etc/nginx/sites-enabled/default" ]; then
    rm -f "$root/etc/nginx/sites-enabled/default"
    changed "removed /etc/nginx/sites-enabled/default (Debian's catch-all site)"
  fi
  enable_site rvnt-identity-http
  # The TLS site only once its certificate exists, so that nginx keeps running (and answering ACME) until then.
  missing_cert=
  for f in $(awk '$1 == "ssl_certificate" || $1 == "ssl_certificate_key" { sub(/;$/, "", $2); print $2 }' \
      "$root/etc/nginx/sites-available/rvnt-identity"); do
    [ -f "$root$f" ] || missing_cert="${missing_cert:-$f}"
  done
  if [ -z "$missing_cert" ]; then
    enable_site rvnt-identity
  elif [ -e "$root/etc/nginx/sites-enabled/rvnt-identity" ]; then
    [ "$mode" = plain ] || failed nginx "$missing_cert is missing, but the TLS site rvnt-identity is enabled"
  else
    name="$(awk '$1 == "server_name" { sub(/;$/, "", $2); print $2; exit }' "$root/etc/nginx/sites-available/rvnt-identity")"
    if [ "$mode" = systemd ]; then
      failed nginx "TLS site rvnt-identity not enabled: $missing_cert is missing (get it with: certbot certonly --webroot -w /var/www/letsencrypt -d $name; then provision again)"
    else
      echo "unchanged /etc/nginx/sites-enabled (TLS site rvnt-identity waits for $missing_cert)"
    fi
  fi
}

enable_site() {
  link="$root/etc/nginx/sites-enabled/$1"
  if [ -e "$link" ]; then
    echo "unchanged /etc/nginx/sites-enabled/$1"
  else
    mkdir -p "$(dirname "$link")"
    ln -sfn "../sites-available/$1" "$link"
    changed "enabled nginx site $1"
  fi
}

# A member of the identity cluster (docs/cluster.md) talks to the other members, which its unit's IPAddressAllow
# (localhost) forbids: a drop-in allows their addresses, read from its config's cluster-member lines. Without
# cluster-self (a single instance, or a config not filled in yet: provision again after editing it) there is none.
cluster_files() {
  dropin="/etc/systemd/system/$(role_field 3).d/rvnt-cluster.conf"
  if ! peers="$(sh "$here/bin/rvnt-cluster-peers" "$root$(role_field 4)" 2>"$scratch/peers.err")"; then
    failed cluster "$(cat "$scratch/peers.err")"
    return 0
  fi
  addresses="$(echo "$peers" | awk '$1 == "peer" { printf "%s%s", sep, $3; sep = " " }')"
  if [ -n "$addresses" ]; then
    printf '# Written by install.sh from the cluster-member lines of %s: the other members.\n[Service]\nIPAddressAllow=%s\n' \
      "$(role_field 4)" "$addresses" >"$scratch/rvnt-cluster.conf"
    put "$scratch/rvnt-cluster.conf" "$dropin" 0644
  elif [ -f "$root$dropin" ]; then
    rm -f "$root$dropin"
    changed "removed $dropin (no cluster-self in $(role_field 4))"
  else
    echo "unchanged $dropin (none: no cluster-self in $(role_field 4))"
  fi
}

onion_files() {
  put "$here/tor/rvnt-onion.torrc" /etc/tor/torrc.d/rvnt-onion.conf 0644
}

# Systemd mode only: ownership, then each service picks up its files. Every step runs, and says if it failed.
activate() {
  chown rvnt:rvnt /var/lib/rvnt "/var/lib/rvnt/$role"
  chgrp rvnt /etc/rvnt "$(role_field 4)"
  run_step systemd systemctl daemon-reload || true
  if ! systemctl is-enabled --quiet "$(role_field 3)"; then
    run_step systemd systemctl enable --quiet "$(role_field 3)" && changed "enabled $(role_field 3)"
  fi
  # -e: a key this kernel lacks (Yama's ptrace_scope, "-" in 99-rvnt.conf) is skipped, not an error.
  run_step sysctl sysctl -e -q --system || true
  if grep -q journald.conf.d "$scratch/changes"; then
    run_step journald systemctl restart systemd-journald || true
  fi
  if has_extra nginx; then
    nginx_activate
  fi
  if has_extra onion; then
    if ! grep -qs '^%include /etc/tor/torrc.d/' /etc/tor/torrc; then
      echo '%include /etc/tor/torrc.d/' >>/etc/tor/torrc
      changed "updated /etc/tor/torrc (%include /etc/tor/torrc.d/)"
    fi
    run_step tor systemctl reload-or-restart tor || true
  fi
  run_step fail2ban systemctl reload-or-restart fail2ban || true
  if [ -n "$cidrs" ]; then
    # shellcheck disable=SC2086 # one word per CIDR
    if /opt/rvnt/bin/rvnt-ufw.sh --ssh-port "$ssh_port" "$role" $cidrs >"$scratch/ufw.out" 2>&1; then
      line="$(tail -n 1 "$scratch/ufw.out")"
      case "$line" in unchanged*) echo "$line" ;; *) changed "$line" ;; esac
    else
      failed firewall "$(tail -n 1 "$scratch/ufw.out")"
    fi
  else
    echo "unchanged firewall (no --admin-cidr given: UFW left as it is)"
  fi
}

# run_step STEP COMMAND...: runs a command that changes nothing when there is nothing to change.
run_step() {
  step="$1"
  shift
  if "$@" >"$scratch/step.out" 2>&1; then
    return 0
  fi
  failed "$step" "\`$*\`: $(tail -n 1 "$scratch/step.out")"
  return 1
}

# nginx must load this configuration, and no site may write request logs: an RVNT host keeps no addresses.
nginx_activate() {
  for f in /var/log/nginx/access.log*; do
    # nginx creates an empty access.log for the stock directive even while access_log off silences it.
    [ -s "$f" ] || continue
    rm -f "$f"
    changed "removed $f (request logs written before provisioning name clients)"
  done
  if ! nginx -t -q >"$scratch/nginx-t.out" 2>&1; then
    failed nginx "nginx -t: $(grep -m 1 -E 'emerg|error' "$scratch/nginx-t.out" || tail -n 1 "$scratch/nginx-t.out")"
    return 0
  fi
  nginx -T 2>/dev/null >"$scratch/nginx-T.out" || true
  logging="$(awk '
    /^# configuration file / { file = $4; sub(/:$/, "", file); depth = 0; next }
    { sub(/#.*/, "") }
    ($1 == "access_log" && $2 != "off;") || ($1 == "error_log" && $2 != "/dev/null;") {
      # nginx.conf may keep its own error log at the top level: nginx writes process messages there, no requests.
      if (!(file == "/etc/nginx/nginx.conf" && (depth == 0 || $1 == "access_log" && depth == 1))) {
        print file ": " $0; exit
      }
    }
    { depth += gsub(/\{/, "{") - gsub(/\}/, "}") }
  ' "$scratch/nginx-T.out")"
  if ! grep -q '^# configuration file /etc/nginx/conf.d/rvnt-no-logs.conf:' "$scratch/nginx-T.out"; then
    failed nginx "nginx.conf does not include /etc/nginx/conf.d/*.conf, so request logs stay on"
  elif [ -n "$logging" ]; then
    failed nginx "a site writes a log (RVNT hosts keep no request logs; remove it): $(echo "$logging" | tr -s ' ')"
  else
    run_step nginx systemctl reload-or-restart nginx || true
  fi
}

provision() {
  check_provision_options
  verify_sums
  if [ "$mode" = systemd ]; then
    install_packages
    if ! id rvnt >/dev/null 2>&1; then
      useradd --system --home-dir /var/lib/rvnt --no-create-home --shell /usr/sbin/nologin rvnt
      changed "created user rvnt"
    fi
  fi
  layout
  if has_extra nginx; then
    nginx_files
  fi
  if has_extra onion; then
    onion_files
  fi
  if has_extra cluster; then
    cluster_files
  fi
  if [ "$mode" = systemd ]; then
    activate
  fi
  monitoring
  if [ -s "$scratch/failures" ]; then
    echo "provision failed: $(awk '{ printf "%s%s", sep, $0; sep = "; " }' "$scratch/failures")" >&2
    exit 1
  fi
  changes="$(wc -l <"$scratch/changes")"
  if [ "$changes" -eq 0 ]; then
    echo "provisioned $role ($mode): nothing changed"
  elif [ "$changes" -eq 1 ]; then
    echo "provisioned $role ($mode): 1 change"
  else
    echo "provisioned $role ($mode): $changes changes"
  fi
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
  put "$here/monitoring/rvnt-alerts.yml" /etc/prometheus/rvnt/rvnt-alerts.yml 0644
  put "$here/monitoring/prometheus.yml" /etc/prometheus/rvnt/prometheus.yml 0644
  # The role's own scrape target: a host scrapes only the servers it runs.
  put "$here/monitoring/targets/$role.yml" "/etc/prometheus/rvnt/targets/$role.yml" 0644
  monitoring_args /etc/default/prometheus \
    "--config.file=/etc/prometheus/rvnt/prometheus.yml --web.listen-address=127.0.0.1:9095"
  services=prometheus
  if [ -x "$root/usr/bin/prometheus-alertmanager" ]; then
    put "$here/monitoring/alertmanager.yml" /etc/prometheus/rvnt/alertmanager.yml 0644
    key=/etc/prometheus/rvnt/pagerduty-routing-key
    if [ ! -e "$root$key" ]; then
      install -m 0640 /dev/null "$root$key"
      changed "created $key (empty: write the PagerDuty routing key into it)"
    fi
    # --cluster.listen-address= : no gossip port on every interface; one Alertmanager per host.
    monitoring_args /etc/default/prometheus-alertmanager "--config.file=/etc/prometheus/rvnt/alertmanager.yml \
--web.listen-address=127.0.0.1:9093 --cluster.listen-address="
    services="$services prometheus-alertmanager"
  fi
  if [ "$mode" = systemd ]; then
    [ -z "${key:-}" ] || ! getent group prometheus >/dev/null || chgrp prometheus "$key"
    # shellcheck disable=SC2086 # one word per service
    run_step monitoring systemctl try-restart $services || true
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
    changed "set ARGS in $1"
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
