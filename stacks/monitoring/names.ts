import { CONFIG_ROOT, type RenderOptions } from "@fleetwatch/monitoring";

// Where things are inside a task. The names of services, replicas, ports and rendered files are
// @fleetwatch/monitoring's (topology.ts, paths.ts): the renderer writes them into configs, the stack creates
// what they name.

/** The absolute path in a task of a rendered file: `<CONFIG_ROOT>/<relative path>`. */
export function configPath(relative: string): string {
  return `${CONFIG_ROOT}/${relative}`;
}

/** Where the config init container writes the Slack webhook URL, relative to {@link CONFIG_ROOT}. */
export const SLACK_WEBHOOK_RELATIVE = "secrets/slack_webhook_url";
/** Alertmanager's `api_url_file`: the file the init container writes from the SlackWebhookUrl secret. */
export const SLACK_WEBHOOK_FILE = configPath(SLACK_WEBHOOK_RELATIVE);

/** What the stack's tasks need of `renderAll` beyond the defaults (`npm run render` uses the same). */
export const STACK_RENDER_OPTIONS: RenderOptions = { slackWebhookUrlFile: SLACK_WEBHOOK_FILE };
