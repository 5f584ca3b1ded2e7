import { readFileSync } from "node:fs";
import { SCRIPT_TIMEOUT_SECONDS } from "@fleetwatch/config";
import { type ExporterRelease, sourceFor } from "./settings.js";

export { SCRIPT_TIMEOUT_SECONDS, SSM_DELIVERY_TIMEOUT_SECONDS } from "@fleetwatch/config";

/** The install script the document embeds (a real shell file, shellcheck-clean, tested in a sandbox root). */
export const INSTALL_SCRIPT_PATH = new URL("../assets/node-exporter.sh", import.meta.url);

/** The document's parameters: what SendCommand passes, each value a one-element list as SSM wants. */
export type DocumentParameters = Record<
  "action" | "version" | "sha256Amd64" | "sha256Arm64" | "source" | "port" | "collectors",
  [string]
>;

/** A Command document (schemaVersion 2.2) as data, ready for `JSON.stringify` into `aws.ssm.Document`. */
export interface CommandDocument {
  schemaVersion: "2.2";
  description: string;
  parameters: Record<
    string,
    { type: "String"; description: string; default: string; allowedPattern: string }
  >;
  mainSteps: {
    action: "aws:runShellScript";
    name: string;
    precondition: { StringEquals: ["platformType", "Linux"] };
    inputs: { timeoutSeconds: string; runCommand: string[] };
  }[];
}

const HEREDOC_END = "FLEETWATCH_NODE_EXPORTER_SCRIPT";

/**
 * Every value is matched by an anchored `allowedPattern`, so SSM refuses a value that could break out of the
 * quoted assignments below (no quotes, `$`, backticks or newlines can pass).
 */
function parameterSpecs(release: ExporterRelease, region: string): CommandDocument["parameters"] {
  const sha = "^[0-9a-f]{64}$";
  return {
    action: {
      type: "String",
      description: "install or uninstall",
      default: "install",
      allowedPattern: "^(install|uninstall)$",
    },
    version: {
      type: "String",
      description: "node_exporter release",
      default: release.version,
      allowedPattern: "^[0-9]+\\.[0-9]+\\.[0-9]+$",
    },
    sha256Amd64: {
      type: "String",
      description: "sha256 of the linux-amd64 tarball",
      default: release.sha256.amd64,
      allowedPattern: sha,
    },
    sha256Arm64: {
      type: "String",
      description: "sha256 of the linux-arm64 tarball",
      default: release.sha256.arm64,
      allowedPattern: sha,
    },
    source: {
      type: "String",
      description: "release base URL (https://...) or S3 mirror (s3://bucket/prefix)",
      default: sourceFor(release, region),
      allowedPattern: "^(https?|s3)://[A-Za-z0-9._~:/%+-]+$",
    },
    port: {
      type: "String",
      description: "port node_exporter listens on",
      default: String(release.port),
      allowedPattern: "^[0-9]{1,5}$",
    },
    collectors: {
      type: "String",
      description: "space-separated collectors to enable; -name disables one",
      default: release.collectors,
      allowedPattern: "^[-a-z0-9_ ]*$",
    },
  };
}

/** The shell lines SSM runs: the script written to a temporary file by a quoted heredoc, then run by bash. */
export function runCommand(script: string): string[] {
  if (script.includes("{{"))
    throw new Error("the install script must not contain '{{' (SSM would interpolate it)");
  if (script.split("\n").includes(HEREDOC_END))
    throw new Error(`the install script must not contain a line ${HEREDOC_END}`);
  return [
    "set -eu",
    'script="$(mktemp)"',
    `cat >"$script" <<'${HEREDOC_END}'`,
    ...script.replace(/\n$/, "").split("\n"),
    HEREDOC_END,
    "rc=0",
    "FLEETWATCH_ACTION='{{ action }}' FLEETWATCH_VERSION='{{ version }}' FLEETWATCH_SHA256_AMD64='{{ sha256Amd64 }}' " +
      "FLEETWATCH_SHA256_ARM64='{{ sha256Arm64 }}' FLEETWATCH_SOURCE='{{ source }}' FLEETWATCH_PORT='{{ port }}' " +
      `FLEETWATCH_COLLECTORS='{{ collectors }}' bash "$script" || rc=$?`,
    'rm -f "$script"',
    'exit "$rc"',
  ];
}

/**
 * fleetwatch's SSM Command document in `region` for a release (its defaults, the source that of the region's
 * instances) and the install script.
 */
export function commandDocument(
  release: ExporterRelease,
  region: string,
  script: string = readFileSync(INSTALL_SCRIPT_PATH, "utf8"),
): CommandDocument {
  return {
    schemaVersion: "2.2",
    description: "fleetwatch: install, upgrade or uninstall a checksum-verified node_exporter",
    parameters: parameterSpecs(release, region),
    mainSteps: [
      {
        action: "aws:runShellScript",
        name: "nodeExporter",
        precondition: { StringEquals: ["platformType", "Linux"] },
        inputs: { timeoutSeconds: String(SCRIPT_TIMEOUT_SECONDS), runCommand: runCommand(script) },
      },
    ],
  };
}

/**
 * SendCommand parameters for an action on a release, for instances of `region` (they download from its source).
 * @throws NoSourceError when the release has no source for the region.
 */
export function documentParameters(
  action: "install" | "uninstall",
  release: ExporterRelease,
  region: string,
): DocumentParameters {
  return {
    action: [action],
    version: [release.version],
    sha256Amd64: [release.sha256.amd64],
    sha256Arm64: [release.sha256.arm64],
    source: [sourceFor(release, region)],
    port: [String(release.port)],
    collectors: [release.collectors],
  };
}

/**
 * The shell SSM would run for these parameters: every `{{ name }}` replaced by its value (what the SSM agent
 * does). Lets tests run the document itself, not only the script.
 */
export function renderRunCommand(document: CommandDocument, parameters: DocumentParameters): string {
  const lines = document.mainSteps[0]?.inputs.runCommand ?? [];
  return lines.join("\n").replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = parameters[name as keyof DocumentParameters]?.[0];
    const spec = document.parameters[name];
    if (value === undefined || !spec) throw new Error(`the document has no parameter ${whole}`);
    if (!new RegExp(spec.allowedPattern).test(value))
      throw new Error(`parameter ${name}=${JSON.stringify(value)} does not match ${spec.allowedPattern}`);
    return value;
  });
}
