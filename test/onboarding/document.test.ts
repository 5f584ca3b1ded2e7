import { type FleetwatchConfig, resolveConfig } from "@fleetwatch/config";
import {
  commandDocument,
  documentParameters,
  type ExporterRelease,
  NoSourceError,
  onboardingSettings,
  renderRunCommand,
  runCommand,
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
