import { CONFIG_ROOT } from "@fleetwatch/monitoring";
import { SLACK_WEBHOOK_RELATIVE } from "./names";

// Shell scripts of the config init and reloader containers (sh in the AWS CLI image). They read the version
// pointer `s3://$CONFIG_BUCKET/$CONFIG_POINTER`, then copy `$CONFIG_PREFIX/<version>/<path>/` of each path in
// $CONFIG_PATHS to `${CONFIG_ROOT}/<path>/`. Checked by shellcheck in the tests.

/** Runs once before the main containers: fetch the config, write secrets, prepare data directories. */
export const INIT_SCRIPT = `set -eu
root="\${CONFIG_DIR:-${CONFIG_ROOT}}"
version=$(aws s3 cp --only-show-errors "s3://$CONFIG_BUCKET/$CONFIG_POINTER" -)
for path in $CONFIG_PATHS; do
  aws s3 cp --recursive --only-show-errors "s3://$CONFIG_BUCKET/$CONFIG_PREFIX/$version/$path/" "$root/$path/"
done
if [ -n "\${SLACK_WEBHOOK_URL:-}" ]; then
  mkdir -p "$(dirname "$root/${SLACK_WEBHOOK_RELATIVE}")"
  printf '%s' "$SLACK_WEBHOOK_URL" > "$root/${SLACK_WEBHOOK_RELATIVE}"
  chmod 0444 "$root/${SLACK_WEBHOOK_RELATIVE}"
fi
printf '%s' "$version" > "$root/.version"
for dir in \${DATA_DIRS:-}; do
  mkdir -p "$dir"
  chown -R 65534:65534 "$dir"
done
echo "config version $version ready in $root"
`;

/**
 * Runs beside the main container: every $POLL_SECONDS it reads the pointer; on a new version it copies the
 * files to a staging directory, swaps them in and POSTs $RELOAD_URL. The version is kept only once the reload
 * succeeded, so a failed reload is retried on the next poll.
 */
export const RELOADER_SCRIPT = `set -u
root="\${CONFIG_DIR:-${CONFIG_ROOT}}"
current=$(cat "$root/.version")
while true; do
  sleep "$POLL_SECONDS"
  latest=$(aws s3 cp --only-show-errors "s3://$CONFIG_BUCKET/$CONFIG_POINTER" -) || continue
  [ "$latest" = "$current" ] && continue
  staging="$root/.staging"
  rm -rf "$staging"
  ok=1
  for path in $CONFIG_PATHS; do
    aws s3 cp --recursive --only-show-errors "s3://$CONFIG_BUCKET/$CONFIG_PREFIX/$latest/$path/" "$staging/$path/" || ok=0
  done
  if [ "$ok" -ne 1 ]; then
    echo "config version $latest: download failed, retrying"
    continue
  fi
  for path in $CONFIG_PATHS; do
    mkdir -p "$staging/$path"
    rm -rf "\${root:?}/$path.old"
    mv "$root/$path" "$root/$path.old" 2>/dev/null || true
    mkdir -p "$(dirname "$root/$path")"
    mv "$staging/$path" "$root/$path"
    rm -rf "\${root:?}/$path.old"
  done
  if curl -fsS -X POST --max-time 30 "$RELOAD_URL"; then
    current=$latest
    printf '%s' "$current" > "$root/.version"
    echo "config version $current loaded"
  else
    echo "config version $latest: reload failed, retrying"
  fi
done
`;
