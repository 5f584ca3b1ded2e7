#!/usr/bin/env bash
# fleetwatch: install, upgrade or uninstall node_exporter on one Linux instance (run by fleetwatch's SSM document).
#
# Parameters (environment):
#   FLEETWATCH_ACTION        install | uninstall
#   FLEETWATCH_VERSION       node_exporter release, e.g. 1.9.1
#   FLEETWATCH_SHA256_AMD64  sha256 of node_exporter-<version>.linux-amd64.tar.gz
#   FLEETWATCH_SHA256_ARM64  sha256 of node_exporter-<version>.linux-arm64.tar.gz
#   FLEETWATCH_SOURCE        base URL: https://... (<source>/v<version>/<tarball>) or s3://bucket/prefix (<source>/<tarball>)
#   FLEETWATCH_PORT          port node_exporter listens on
#   FLEETWATCH_COLLECTORS    space-separated collectors to enable; a leading "-" disables one (e.g. "systemd -wifi")
# Overridable for tests (never needed on an instance):
#   FLEETWATCH_ROOT          prefix of every path written (default: empty, the real root)
#   FLEETWATCH_LISTEN_HOST   address node_exporter binds (default: empty, every address)
#   FLEETWATCH_VERIFY_TRIES  how many times /metrics is fetched, one second apart, before giving up (default 30)
#   FLEETWATCH_LOCK_WAIT     seconds to wait for another fleetwatch run on this host to finish (default 240; with
#                            the download's 300 s and the 30 verify tries it stays within the document's 600 s)
#
# Runs take turns on a host (flock on /run/fleetwatch-node-exporter.lock, or a .d directory beside it). The port must
# be free or held by fleetwatch's own service, and the run succeeds only when /metrics on it answers with
# node_exporter_build_info of this version from the service's main process.
set -euo pipefail

ROOT="${FLEETWATCH_ROOT:-}"
ACTION="${FLEETWATCH_ACTION:-install}"
VERSION="${FLEETWATCH_VERSION:-}"
SOURCE="${FLEETWATCH_SOURCE:-https://github.com/prometheus/node_exporter/releases/download}"
PORT="${FLEETWATCH_PORT:-9100}"
COLLECTORS="${FLEETWATCH_COLLECTORS:-}"
LISTEN_HOST="${FLEETWATCH_LISTEN_HOST:-}"
VERIFY_TRIES="${FLEETWATCH_VERIFY_TRIES:-30}"
LOCK_WAIT="${FLEETWATCH_LOCK_WAIT:-240}"

SERVICE=node_exporter
USER_NAME=node_exporter
BIN_PATH=/usr/local/bin/node_exporter
UNIT_PATH=/etc/systemd/system/node_exporter.service
CONFIG_DIR=/etc/node_exporter
TEXTFILE_DIR=/var/lib/node_exporter/textfile_collector
STATE_FILE="$CONFIG_DIR/fleetwatch-release"
# The port last labelled http_port_t for SELinux, so a run that changes nothing does not relabel it.
SELINUX_FILE="$CONFIG_DIR/fleetwatch-selinux-port"
LOCK_FILE=/run/fleetwatch-node-exporter.lock

log() { printf 'fleetwatch: %s\n' "$*"; }
warn() { printf 'fleetwatch: warning: %s\n' "$*" >&2; }
die() { printf 'fleetwatch: error: %s\n' "$*" >&2; exit 1; }

# Scratch space and the mkdir lock (when held) are removed however the script ends.
WORK=""
LOCK_DIR_HELD=""
cleanup() {
  if [ -n "$WORK" ]; then rm -rf "$WORK"; fi
  if [ -n "$LOCK_DIR_HELD" ]; then rm -rf "$LOCK_DIR_HELD"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# One run at a time on a host (the launch handler and the reconciler may both send the document): flock on
# $LOCK_FILE, or a lock directory beside it where flock is missing. Waits up to LOCK_WAIT seconds.
take_lock() {
  local lock="$ROOT$LOCK_FILE" holder
  mkdir -p "$(dirname "$lock")"
  if command -v flock >/dev/null 2>&1; then
    exec 9<>"$lock"
    if ! flock --nonblock 9; then
      holder="$(cat "$lock" 2>/dev/null || true)"
      log "another fleetwatch run${holder:+ (pid $holder)} holds $lock: waiting for it to finish (up to ${LOCK_WAIT}s)"
      flock --wait "$LOCK_WAIT" 9 ||
        die "another fleetwatch run${holder:+ (pid $holder)} still holds $lock after ${LOCK_WAIT}s; nothing was changed: run fleetwatch again once it has finished"
    fi
    printf '%s\n' "$$" >"$lock"
    return 0
  fi
  local dir="$lock.d" waited=0 said=""
  until mkdir "$dir" 2>/dev/null; do
    holder="$(cat "$dir/pid" 2>/dev/null || true)"
    if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then
      rm -rf "$dir"
      log "removed the lock $dir of run $holder, which is no longer running"
      continue
    fi
    if [ -z "$said" ]; then
      log "another fleetwatch run${holder:+ (pid $holder)} holds $dir: waiting for it to finish (up to ${LOCK_WAIT}s)"
      said=1
    fi
    [ "$waited" -lt "$LOCK_WAIT" ] ||
      die "another fleetwatch run${holder:+ (pid $holder)} still holds $dir after ${LOCK_WAIT}s; nothing was changed: run fleetwatch again once it has finished (or remove $dir if no fleetwatch run is active)"
    sleep 1
    waited=$((waited + 1))
  done
  LOCK_DIR_HELD="$dir"
  printf '%s\n' "$$" >"$dir/pid"
}

detect_arch() {
  case "$(uname -m)" in
    x86_64 | amd64) echo amd64 ;;
    aarch64 | arm64) echo arm64 ;;
    *) die "unsupported architecture $(uname -m) (fleetwatch installs amd64 and arm64 builds)" ;;
  esac
}

# Amazon Linux 2 and 2023, Ubuntu, Debian and the RHEL family; anything else is refused before a change is made.
detect_family() {
  local id="" like=""
  if [ -r "$ROOT/etc/os-release" ]; then
    # shellcheck disable=SC1091
    id="$(. "$ROOT/etc/os-release" && echo "${ID:-}")"
    # shellcheck disable=SC1091
    like="$(. "$ROOT/etc/os-release" && echo "${ID_LIKE:-}")"
  fi
  case " $id $like " in
    *" amzn "*) echo amazon ;;
    *" debian "* | *" ubuntu "*) echo debian ;;
    *" rhel "* | *" centos "* | *" fedora "* | *" rocky "* | *" almalinux "*) echo rhel ;;
    *) die "unsupported distribution '${id:-unknown}' (supported: Amazon Linux 2/2023, Ubuntu, Debian, RHEL family)" ;;
  esac
}

# The AWS CLI says "(403) ... HeadObject operation: Forbidden" (its first request) or "(AccessDenied) ... GetObject";
# S3 answers 403 for a missing key too when the caller may not list the bucket.
fetch_s3() { # s3-url destination
  local out
  if out="$(aws s3 cp --only-show-errors "$1" "$2" 2>&1)"; then return 0; fi
  printf '%s\n' "$out" >&2
  case "$out" in
    *"(403)"* | *"(AccessDenied)"* | *Forbidden*)
      die "access denied reading $1: the instance profile needs s3:GetObject on it, and a mirror in another account needs the bucket-policy statement of 'fleetwatch plan' (see docs/onboarding.md#mirror-access); a missing object reads as denied without s3:ListBucket" ;;
  esac
  return 1
}

fetch() { # url destination
  local url="$1" dest="$2"
  case "$url" in
    s3://*)
      command -v aws >/dev/null 2>&1 || die "the AWS CLI is needed to download $url from the S3 mirror"
      fetch_s3 "$url" "$dest" ;;
    *)
      if command -v curl >/dev/null 2>&1; then
        curl --fail --silent --show-error --location --retry 3 --max-time 300 --output "$dest" "$url"
      elif command -v wget >/dev/null 2>&1; then
        wget --quiet --tries=3 --timeout=60 --output-document="$dest" "$url"
      else
        die "neither curl nor wget is installed: cannot download $url"
      fi ;;
  esac
}

http_get() { # url file: writes the whole body to file (never into a pipe a reader may close early)
  if command -v curl >/dev/null 2>&1; then
    curl --fail --silent --max-time 5 --output "$2" "$1"
  else
    wget --quiet --timeout=5 --output-document="$2" "$1"
  fi
}

collector_flags() {
  local name flags=""
  for name in $COLLECTORS; do
    case "$name" in
      -*) flags="$flags --no-collector.${name#-}" ;;
      *) flags="$flags --collector.$name" ;;
    esac
  done
  echo "$flags"
}

# The systemd version (a number), from the first line of `systemctl --version` ("systemd 219", "systemd 252 (...)").
systemd_version() {
  local out first
  out="$(systemctl --version 2>/dev/null || true)"
  first="${out%%$'\n'*}"
  if [[ "$first" =~ ^systemd\ ([0-9]+) ]]; then echo "${BASH_REMATCH[1]}"; else echo 0; fi
}

# Sandboxing the host's systemd knows: ProtectSystem=strict and the kernel/cgroup options came in systemd 232;
# older ones (Amazon Linux 2 has 219) ignore them with a warning, so they get ProtectSystem=full alone.
# ProtectHome=read-only (not yes) keeps a separately mounted /home visible to the filesystem collector.
hardening() {
  echo "NoNewPrivileges=yes"
  echo "ProtectHome=read-only"
  if [ "$SYSTEMD_VERSION" -ge 232 ]; then
    echo "ProtectSystem=strict"
    echo "ProtectControlGroups=yes"
    echo "ProtectKernelModules=yes"
    echo "ProtectKernelTunables=yes"
  else
    echo "ProtectSystem=full"
  fi
  echo "PrivateTmp=yes"
}

unit_file() {
  cat <<UNIT
# Managed by fleetwatch: changes are overwritten.
[Unit]
Description=Prometheus node_exporter (fleetwatch)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=$USER_NAME
Group=$USER_NAME
ExecStart=$BIN_PATH --web.listen-address=$LISTEN_HOST:$PORT --collector.textfile.directory=$TEXTFILE_DIR$(collector_flags)
Restart=always
RestartSec=5
$(hardening)

[Install]
WantedBy=multi-user.target
UNIT
}

ensure_user() {
  if grep -q "^$USER_NAME:" "$ROOT/etc/passwd" 2>/dev/null; then return; fi
  local shell=/usr/sbin/nologin
  [ -x "$ROOT$shell" ] || shell=/sbin/nologin
  useradd --system --no-create-home --home-dir / --shell "$shell" --user-group "$USER_NAME"
  log "created system user $USER_NAME"
}

# Without semanage the port stays unlabelled: the exporter may still bind it (verify decides), so only warn.
label_port() {
  [ "$(cat "$ROOT$SELINUX_FILE" 2>/dev/null || true)" != "$PORT" ] || return 0
  command -v getenforce >/dev/null 2>&1 || return 0
  [ "$(getenforce)" = "Enforcing" ] || return 0
  if ! command -v semanage >/dev/null 2>&1; then
    warn "SELinux is enforcing but semanage is missing: tcp port $PORT was not labelled http_port_t; if node_exporter cannot bind it, install semanage (dnf install policycoreutils-python-utils) and run fleetwatch again"
    return 0
  fi
  semanage port --add --type http_port_t --proto tcp "$PORT" 2>/dev/null ||
    semanage port --modify --type http_port_t --proto tcp "$PORT"
  mkdir -p "$ROOT$CONFIG_DIR"
  printf '%s\n' "$PORT" >"$ROOT$SELINUX_FILE"
  log "labelled tcp port $PORT http_port_t for SELinux"
}

# The inodes of the TCP sockets (IPv4 and IPv6) listening on PORT, from /proc/net (state 0A is LISTEN).
listen_inodes() {
  local port
  port="$(printf ':%04X' "$PORT")"
  awk -v port="$port" '$4 == "0A" && substr($2, length($2) - 4) == port { print $10 }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null || true
}

# The PIDs (space-separated) of the processes listening on PORT: the owners of those sockets among every
# process's open files (root sees them all; a process in another PID namespace, e.g. a container, stays unseen).
listener_pids() {
  local inodes
  inodes="$(listen_inodes | tr '\n' ' ')"
  [ -n "$inodes" ] || return 0
  find /proc/[0-9]*/fd -maxdepth 1 -lname 'socket:*' -printf '%p %l\n' 2>/dev/null |
    awk -v inodes=" $inodes" '{ split($1, p, "/"); i = $2; gsub(/[^0-9]/, "", i); if (index(inodes, " " i " ")) print p[3] }' |
    sort -un | tr '\n' ' ' | sed 's/ $//' || true
}

# The systemd unit a process runs in, from its cgroup (empty if none).
unit_of() {
  sed -n 's#^.*/\([^/]*\.service\)$#\1#p' "/proc/$1/cgroup" 2>/dev/null | sed -n 1p || true
}

# "pid 123 (name, unit.service)" for each PID given.
describe_pids() {
  local pid name unit out=""
  for pid in "$@"; do
    name="$(cat "/proc/$pid/comm" 2>/dev/null || echo unknown)"
    unit="$(unit_of "$pid")"
    out="${out:+$out, }pid $pid ($name${unit:+, $unit})"
  done
  echo "${out:-a process this script cannot see (in another PID namespace, e.g. a container)}"
}

# The service's main PID as systemd reports it (0 when it is not running). `show -p` works on systemd 219 too.
main_pid() {
  local out
  out="$(systemctl show -p MainPID "$SERVICE" 2>/dev/null || true)"
  out="${out#MainPID=}"
  if [[ "$out" =~ ^[0-9]+$ ]]; then echo "$out"; else echo 0; fi
}

# Before changing anything: PORT must be free or held by fleetwatch's own service (a distribution's
# prometheus-node-exporter package on it would answer every check while fleetwatch's exporter fails to bind).
check_port() {
  local pids main unit hint="stop and disable it (and whatever starts it)"
  [ -n "$(listen_inodes)" ] || return 0
  pids="$(listener_pids)"
  main="$(main_pid)"
  if [ "$main" != 0 ] && [ "$pids" = "$main" ]; then return 0; fi
  unit="$(unit_of "${pids%% *}")"
  if [ -n "$unit" ]; then hint="stop and disable it (systemctl disable --now $unit)"; fi
  # shellcheck disable=SC2086 # one PID a word
  die "port $PORT is already in use by $(describe_pids $pids): another exporter (e.g. the distribution's prometheus-node-exporter package) or program holds it; $hint or set nodeExporter.port to a free port; nothing was changed"
}

# One check of the exporter on PORT; on failure sets REASON. It must answer /metrics (read whole: a reader that
# stops at the first match breaks the sender's pipe on a large body), report VERSION in node_exporter_build_info,
# and listen from the service's main process.
REASON=""
ANSWER=""
exporter_is_ours() {
  local url="http://${LISTEN_HOST:-127.0.0.1}:$PORT/metrics" body="$WORK/metrics" build version main pids
  rm -f "$body"
  if ! http_get "$url" "$body" 2>/dev/null; then
    REASON="nothing answers on $url"
    return 1
  fi
  build="$(grep -m 1 '^node_exporter_build_info{' "$body" || true)"
  if [ -z "$build" ]; then
    REASON="$url answers without node_exporter_build_info: it is not a node_exporter"
    return 1
  fi
  version=""
  if [[ "$build" =~ [{,]version=\"([^\"]*)\" ]]; then version="${BASH_REMATCH[1]}"; fi
  if [ "$version" != "$VERSION" ]; then
    REASON="the node_exporter on port $PORT reports version ${version:-(none)}, not $VERSION"
    return 1
  fi
  main="$(main_pid)"
  pids="$(listener_pids)"
  if [ "$main" = 0 ] || [ "$pids" != "$main" ]; then
    # shellcheck disable=SC2086 # one PID a word
    REASON="port $PORT is answered by $(describe_pids $pids), not by the $SERVICE service (MainPID $main)"
    return 1
  fi
  ANSWER="node_exporter $VERSION answers on $url (pid $main, the $SERVICE service)"
}

verify() {
  local i
  for ((i = 1; i <= VERIFY_TRIES; i++)); do
    if exporter_is_ours; then
      log "$ANSWER"
      return 0
    fi
    [ "$i" -eq "$VERIFY_TRIES" ] || sleep 1
  done
  die "verification of node_exporter $VERSION failed after $VERIFY_TRIES tries: $REASON (see: journalctl -u $SERVICE)"
}

install() {
  [[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "version '$VERSION' is not a release version like 1.9.1"
  if ! [[ "$PORT" =~ ^[0-9]+$ ]] || [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
    die "port '$PORT' is not 1-65535"
  fi
  local arch family expected tarball url work
  arch="$(detect_arch)"
  family="$(detect_family)"
  case "$arch" in
    amd64) expected="${FLEETWATCH_SHA256_AMD64:-}" ;;
    arm64) expected="${FLEETWATCH_SHA256_ARM64:-}" ;;
  esac
  [[ "$expected" =~ ^[0-9a-f]{64}$ ]] || die "no valid sha256 given for the $arch release"
  check_port
  SYSTEMD_VERSION="$(systemd_version)"
  log "installing node_exporter $VERSION ($arch, $family family, systemd $SYSTEMD_VERSION) on port $PORT"

  local wanted_unit current_state
  wanted_unit="$(unit_file)"
  current_state="$(cat "$ROOT$STATE_FILE" 2>/dev/null || true)"
  if [ "$current_state" = "$VERSION $expected" ] && [ -x "$ROOT$BIN_PATH" ] &&
    [ "$(cat "$ROOT$UNIT_PATH" 2>/dev/null || true)" = "$wanted_unit" ]; then
    log "node_exporter $VERSION is already installed with this configuration: nothing to change"
    label_port
    systemctl is-active --quiet "$SERVICE" || systemctl start "$SERVICE"
    verify
    return 0
  fi

  tarball="node_exporter-$VERSION.linux-$arch.tar.gz"
  case "$SOURCE" in
    s3://*) url="${SOURCE%/}/$tarball" ;;
    *) url="${SOURCE%/}/v$VERSION/$tarball" ;;
  esac
  work="$WORK"
  fetch "$url" "$work/$tarball" || die "download of $url failed"
  local actual
  actual="$(sha256sum "$work/$tarball" | cut -d' ' -f1)"
  [ "$actual" = "$expected" ] || die "checksum mismatch for $tarball: expected sha256 $expected, got $actual; nothing was installed"
  tar -xzf "$work/$tarball" -C "$work" "node_exporter-$VERSION.linux-$arch/node_exporter" ||
    die "$tarball does not hold node_exporter-$VERSION.linux-$arch/node_exporter"

  ensure_user
  mkdir -p "$ROOT$(dirname "$BIN_PATH")" "$ROOT$(dirname "$UNIT_PATH")" "$ROOT$CONFIG_DIR" "$ROOT$TEXTFILE_DIR"
  chown -R "$USER_NAME:$USER_NAME" "$ROOT/var/lib/node_exporter" 2>/dev/null || true
  chmod 0755 "$ROOT$TEXTFILE_DIR"
  # Replace the binary atomically: a running exporter keeps its old inode until the restart.
  cp "$work/node_exporter-$VERSION.linux-$arch/node_exporter" "$ROOT$BIN_PATH.new"
  chmod 0755 "$ROOT$BIN_PATH.new"
  mv -f "$ROOT$BIN_PATH.new" "$ROOT$BIN_PATH"
  printf '%s\n' "$wanted_unit" >"$ROOT$UNIT_PATH"
  chmod 0644 "$ROOT$UNIT_PATH"
  label_port
  systemctl daemon-reload
  systemctl enable "$SERVICE"
  systemctl restart "$SERVICE"
  printf '%s\n' "$VERSION $expected" >"$ROOT$STATE_FILE"
  verify
}

uninstall() {
  log "uninstalling node_exporter"
  if [ -e "$ROOT$UNIT_PATH" ]; then
    systemctl disable --now "$SERVICE" || true
  fi
  rm -f "$ROOT$UNIT_PATH" "$ROOT$BIN_PATH" "$ROOT$BIN_PATH.new"
  rm -rf "$ROOT$CONFIG_DIR" "$ROOT/var/lib/node_exporter"
  systemctl daemon-reload
  if grep -q "^$USER_NAME:" "$ROOT/etc/passwd" 2>/dev/null; then
    userdel "$USER_NAME"
  fi
  log "node_exporter removed"
}

SYSTEMD_VERSION=0
[[ "$LOCK_WAIT" =~ ^[0-9]+$ ]] || die "FLEETWATCH_LOCK_WAIT '$LOCK_WAIT' is not a number of seconds"
[[ "$VERIFY_TRIES" =~ ^[1-9][0-9]*$ ]] || die "FLEETWATCH_VERIFY_TRIES '$VERIFY_TRIES' is not a positive number"
WORK="$(mktemp -d)"
take_lock
case "$ACTION" in
  install) install ;;
  uninstall) uninstall ;;
  *) die "unknown action '$ACTION' (install or uninstall)" ;;
esac
