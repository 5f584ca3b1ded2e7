import { type FleetwatchConfig, resolveConfig } from "@fleetwatch/config";
import {
  type CommandDocument,
  commandDocument,
  documentParameters,
  type ExporterRelease,
  NoSourceError,
  onboardingSettings,
  renderRunCommand,
  runCommand,
  SCRIPT_TIMEOUT_SECONDS,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const release: ExporterRelease = {
  version: "1.9.1",
  sha256: { amd64: "a".repeat(64), arm64: "b".repeat(64) },
  sources: {
    "us-east-1": "s3://fleetwatch-mirror/node-exporter",
    "eu-west-1": "s3://fleetwatch-mirror-eu/node-exporter",
  },
  port: 9100,
  collectors: "systemd -wifi",
};

describe("commandDocument", () => {
  it("is a schemaVersion 2.2 runShellScript document for Linux with the release (and the region's source) as defaults", () => {
    const doc = commandDocument(release, "us-east-1", "echo hi\n");
    expect(doc.schemaVersion).toBe("2.2");
    expect(doc.mainSteps).toHaveLength(1);
    expect(doc.mainSteps[0]).toMatchObject({
      action: "aws:runShellScript",
      precondition: { StringEquals: ["platformType", "Linux"] },
    });
    expect(Object.fromEntries(Object.entries(doc.parameters).map(([k, v]) => [k, v.default]))).toEqual({
      action: "install",
      version: "1.9.1",
      sha256Amd64: "a".repeat(64),
      sha256Arm64: "b".repeat(64),
      source: "s3://fleetwatch-mirror/node-exporter",
      port: "9100",
      collectors: "systemd -wifi",
    });
  });

  it.each([
    ["action", "reinstall"],
    ["version", "1.9.1; rm -rf /"],
    ["sha256Amd64", "A".repeat(64)],
    ["source", "https://example.com/'$(id)'"],
    ["port", "91000'"],
    ["collectors", "systemd'"],
  ] as const)("refuses a %s value that could break out of its quotes: %s", (name, value) => {
    const params = { ...documentParameters("install", release, "us-east-1"), [name]: [value] as [string] };
    expect(() => renderRunCommand(commandDocument(release, "us-east-1", "true\n"), params)).toThrow(
      `parameter ${name}=${JSON.stringify(value)} does not match`,
    );
  });

  it("refuses a script SSM would interpolate or that ends its heredoc", () => {
    expect(() => runCommand("echo {{ x }}\n")).toThrow("must not contain '{{'");
    expect(() => runCommand("a\nFLEETWATCH_NODE_EXPORTER_SCRIPT\nb\n")).toThrow("must not contain a line");
  });

  it("passes the parameters to the script as environment variables", () => {
    const shell = renderRunCommand(
      commandDocument(release, "us-east-1", "true\n"),
      documentParameters("uninstall", release, "us-east-1"),
    );
    expect(shell).toContain("FLEETWATCH_ACTION='uninstall' FLEETWATCH_VERSION='1.9.1'");
    expect(shell).toContain("FLEETWATCH_SOURCE='s3://fleetwatch-mirror/node-exporter'");
    expect(shell).toContain("FLEETWATCH_COLLECTORS='systemd -wifi' bash \"$script\"");
  });
});

describe("the source of each region", () => {
  const shellFor = (config: FleetwatchConfig, region: string) => {
    const { exporter } = onboardingSettings(resolveConfig(config, "dev"), "doc");
    return renderRunCommand(
      commandDocument(exporter, region, "true\n"),
      documentParameters("install", exporter, region),
    );
  };
  const twoRegions: FleetwatchConfig = { homeRegion: "us-east-1", regions: ["eu-west-1"] };

  it.each([
    ["us-east-1", "s3://acme-mirror-us-east-1/node_exporter"],
    ["eu-west-1", "s3://acme-mirror-eu-west-1/node_exporter"],
  ])("puts {region} of a bucket template to the instances' region %s", (region, source) => {
    const config: FleetwatchConfig = {
      ...twoRegions,
      nodeExporter: { source: { kind: "s3", bucket: "acme-mirror-{region}", prefix: "node_exporter/" } },
    };
    expect(shellFor(config, region)).toContain(`FLEETWATCH_SOURCE='${source}'`);
  });

  it.each([
    ["us-east-1", "s3://acme-mirror"],
    ["eu-west-1", "s3://acme-mirror-dublin"],
  ])("takes the bucket of %s from buckets", (region, source) => {
    const config: FleetwatchConfig = {
      ...twoRegions,
      nodeExporter: {
        source: { kind: "s3", buckets: { "us-east-1": "acme-mirror", "eu-west-1": "acme-mirror-dublin" } },
      },
    };
    expect(shellFor(config, region)).toContain(`FLEETWATCH_SOURCE='${source}'`);
  });

  it("gives every region the upstream URL", () => {
    for (const region of ["us-east-1", "eu-west-1"])
      expect(shellFor(twoRegions, region)).toContain(
        "FLEETWATCH_SOURCE='https://github.com/prometheus/node_exporter/releases/download'",
      );
  });

  it("defaults each region's document to that region's source", () => {
    const doc = (region: string) => commandDocument(release, region, "true\n").parameters.source?.default;
    expect([doc("us-east-1"), doc("eu-west-1")]).toEqual([
      "s3://fleetwatch-mirror/node-exporter",
      "s3://fleetwatch-mirror-eu/node-exporter",
    ]);
  });

  it("throws a NoSourceError for a region the release has no source for, never another region's", () => {
    expect(() => documentParameters("install", release, "ap-south-1")).toThrow(NoSourceError);
    expect(() => documentParameters("install", release, "ap-south-1")).toThrow(
      "no node_exporter source for region ap-south-1: it is not one of the onboarded regions",
    );
    expect(() => commandDocument(release, "ap-south-1", "true\n")).toThrow(NoSourceError);
  });
});

describe("commandDocument, whole", () => {
  it("is exactly the published document: parameters with their descriptions and patterns, one Linux step", () => {
    const sha = "^[0-9a-f]{64}$";
    expect(commandDocument(release, "eu-west-1", "echo hi\necho there\n")).toEqual({
      schemaVersion: "2.2",
      description: "fleetwatch: install, upgrade or uninstall a checksum-verified node_exporter",
      parameters: {
        action: {
          type: "String",
          description: "install or uninstall",
          default: "install",
          allowedPattern: "^(install|uninstall)$",
        },
        version: {
          type: "String",
          description: "node_exporter release",
          default: "1.9.1",
          allowedPattern: "^[0-9]+\\.[0-9]+\\.[0-9]+$",
        },
        sha256Amd64: {
          type: "String",
          description: "sha256 of the linux-amd64 tarball",
          default: "a".repeat(64),
          allowedPattern: sha,
        },
        sha256Arm64: {
          type: "String",
          description: "sha256 of the linux-arm64 tarball",
          default: "b".repeat(64),
          allowedPattern: sha,
        },
        source: {
          type: "String",
          description: "release base URL (https://...) or S3 mirror (s3://bucket/prefix)",
          default: "s3://fleetwatch-mirror-eu/node-exporter",
          allowedPattern: "^(https?|s3)://[A-Za-z0-9._~:/%+-]+$",
        },
        port: {
          type: "String",
          description: "port node_exporter listens on",
          default: "9100",
          allowedPattern: "^[0-9]{1,5}$",
        },
        collectors: {
          type: "String",
          description: "space-separated collectors to enable; -name disables one",
          default: "systemd -wifi",
          allowedPattern: "^[-a-z0-9_ ]*$",
        },
      },
      mainSteps: [
        {
          action: "aws:runShellScript",
          name: "nodeExporter",
          precondition: { StringEquals: ["platformType", "Linux"] },
          inputs: {
            timeoutSeconds: String(SCRIPT_TIMEOUT_SECONDS),
            runCommand: runCommand("echo hi\necho there\n"),
          },
        },
      ],
    });
  });

  it("runs the script from a quoted heredoc in a temporary file, keeping its exit code", () => {
    expect(runCommand("echo hi\n\necho there\n")).toEqual([
      "set -eu",
      'script="$(mktemp)"',
      `cat >"$script" <<'FLEETWATCH_NODE_EXPORTER_SCRIPT'`,
      "echo hi",
      "",
      "echo there",
      "FLEETWATCH_NODE_EXPORTER_SCRIPT",
      "rc=0",
      "FLEETWATCH_ACTION='{{ action }}' FLEETWATCH_VERSION='{{ version }}' FLEETWATCH_SHA256_AMD64='{{ sha256Amd64 }}' " +
        "FLEETWATCH_SHA256_ARM64='{{ sha256Arm64 }}' FLEETWATCH_SOURCE='{{ source }}' FLEETWATCH_PORT='{{ port }}' " +
        `FLEETWATCH_COLLECTORS='{{ collectors }}' bash "$script" || rc=$?`,
      'rm -f "$script"',
      'exit "$rc"',
    ]);
    expect(runCommand("true")).toContain("true");
  });

  it("says which rule a script breaks", () => {
    expect(() => runCommand("echo {{ x }}\n")).toThrow(
      "the install script must not contain '{{' (SSM would interpolate it)",
    );
    expect(() => runCommand("FLEETWATCH_NODE_EXPORTER_SCRIPT\n")).toThrow(
      "the install script must not contain a line FLEETWATCH_NODE_EXPORTER_SCRIPT",
    );
  });
});

describe("renderRunCommand", () => {
  const doc = commandDocument(release, "us-east-1", "true\n");
  const params = documentParameters("install", release, "us-east-1");
  const step = doc.mainSteps[0] as CommandDocument["mainSteps"][number];
  const withLines = (runCommand: string[]): CommandDocument => ({
    ...doc,
    mainSteps: [{ ...step, inputs: { timeoutSeconds: "1", runCommand } }],
  });

  it("replaces each {{ name }} however it is spaced, as the SSM agent does", () => {
    expect(
      renderRunCommand(withLines(["a={{action}} b={{ port}} c={{version }}", "d={{  source  }}"]), params),
    ).toBe("a=install b=9100 c=1.9.1\nd=s3://fleetwatch-mirror/node-exporter");
  });

  it("names a parameter the document or the call lacks", () => {
    expect(() => renderRunCommand(withLines(["{{ nope }}"]), params)).toThrow(
      "the document has no parameter {{ nope }}",
    );
    const { port, ...rest } = doc.parameters;
    expect(() => renderRunCommand({ ...withLines(["{{ port }}"]), parameters: rest }, params)).toThrow(
      "the document has no parameter {{ port }}",
    );
    expect(() =>
      renderRunCommand(withLines(["{{ port }}"]), { ...params, port: [] as unknown as [string] }),
    ).toThrow("the document has no parameter {{ port }}");
  });

  it("says which value does not match which pattern", () => {
    expect(() => renderRunCommand(withLines(["{{ port }}"]), { ...params, port: ["x"] })).toThrow(
      'parameter port="x" does not match ^[0-9]{1,5}$',
    );
  });

  it("renders nothing for a document without steps", () => {
    expect(renderRunCommand({ ...doc, mainSteps: [] }, params)).toBe("");
  });
});
