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
set -euo pipefail

ROOT="${FLEETWATCH_ROOT:-}"
ACTION="${FLEETWATCH_ACTION:-install}"
VERSION="${FLEETWATCH_VERSION:-}"
SOURCE="${FLEETWATCH_SOURCE:-https://github.com/prometheus/node_exporter/releases/download}"
PORT="${FLEETWATCH_PORT:-9100}"
COLLECTORS="${FLEETWATCH_COLLECTORS:-}"
LISTEN_HOST="${FLEETWATCH_LISTEN_HOST:-}"
VERIFY_TRIES="${FLEETWATCH_VERIFY_TRIES:-30}"

SERVICE=node_exporter
USER_NAME=node_exporter
BIN_PATH=/usr/local/bin/node_exporter
UNIT_PATH=/etc/systemd/system/node_exporter.service
CONFIG_DIR=/etc/node_exporter
TEXTFILE_DIR=/var/lib/node_exporter/textfile_collector
STATE_FILE="$CONFIG_DIR/fleetwatch-release"

log() { printf 'fleetwatch: %s\n' "$*"; }
die() { printf 'fleetwatch: error: %s\n' "$*" >&2; exit 1; }

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

fetch() { # url destination
  local url="$1" dest="$2"
  case "$url" in
    s3://*)
      command -v aws >/dev/null 2>&1 || die "the AWS CLI is needed to download $url from the S3 mirror"
      aws s3 cp --only-show-errors "$url" "$dest" ;;
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

http_get() { # url: prints the body
  if command -v curl >/dev/null 2>&1; then
    curl --fail --silent --max-time 5 "$1"
  else
    wget --quiet --timeout=5 --output-document=- "$1"
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
NoNewPrivileges=yes
ProtectHome=yes
ProtectSystem=strict
ProtectControlGroups=yes
ProtectKernelModules=yes
ProtectKernelTunables=yes
PrivateTmp=yes

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

label_port() {
  command -v getenforce >/dev/null 2>&1 || return 0
  [ "$(getenforce)" = "Enforcing" ] || return 0
  command -v semanage >/dev/null 2>&1 || die "SELinux is enforcing but semanage is missing: cannot label port $PORT"
  semanage port --add --type http_port_t --proto tcp "$PORT" 2>/dev/null ||
    semanage port --modify --type http_port_t --proto tcp "$PORT"
  log "labelled tcp port $PORT http_port_t for SELinux"
}

verify() {
  local i
  for ((i = 1; i <= VERIFY_TRIES; i++)); do
    if http_get "http://127.0.0.1:$PORT/metrics" | grep -q '^node_exporter_build_info'; then
      log "node_exporter $VERSION answers on http://127.0.0.1:$PORT/metrics"
      return 0
    fi
    sleep 1
  done
  die "node_exporter does not answer on http://127.0.0.1:$PORT/metrics after $VERIFY_TRIES tries (see: journalctl -u $SERVICE)"
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
  log "installing node_exporter $VERSION ($arch, $family family) on port $PORT"

  local wanted_unit current_state
  wanted_unit="$(unit_file)"
  current_state="$(cat "$ROOT$STATE_FILE" 2>/dev/null || true)"
  if [ "$current_state" = "$VERSION $expected" ] && [ -x "$ROOT$BIN_PATH" ] &&
    [ "$(cat "$ROOT$UNIT_PATH" 2>/dev/null || true)" = "$wanted_unit" ]; then
    log "node_exporter $VERSION is already installed with this configuration: nothing to change"
    systemctl is-active --quiet "$SERVICE" || systemctl start "$SERVICE"
    verify
    return 0
  fi

  tarball="node_exporter-$VERSION.linux-$arch.tar.gz"
  case "$SOURCE" in
    s3://*) url="${SOURCE%/}/$tarball" ;;
    *) url="${SOURCE%/}/v$VERSION/$tarball" ;;
  esac
  work="$(mktemp -d)"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
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

case "$ACTION" in
  install) install ;;
  uninstall) uninstall ;;
  *) die "unknown action '$ACTION' (install or uninstall)" ;;
esac
