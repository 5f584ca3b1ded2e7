import {
  commandDocument,
  documentParameters,
  type ExporterRelease,
  renderRunCommand,
  runCommand,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const release: ExporterRelease = {
  version: "1.9.1",
  sha256: { amd64: "a".repeat(64), arm64: "b".repeat(64) },
  source: "s3://fleetwatch-mirror/node-exporter",
  port: 9100,
  collectors: "systemd -wifi",
};

describe("commandDocument", () => {
  it("is a schemaVersion 2.2 runShellScript document for Linux with the release as defaults", () => {
    const doc = commandDocument(release, "echo hi\n");
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
    const params = { ...documentParameters("install", release), [name]: [value] as [string] };
    expect(() => renderRunCommand(commandDocument(release, "true\n"), params)).toThrow(
      `parameter ${name}=${JSON.stringify(value)} does not match`,
    );
  });

  it("refuses a script SSM would interpolate or that ends its heredoc", () => {
    expect(() => runCommand("echo {{ x }}\n")).toThrow("must not contain '{{'");
    expect(() => runCommand("a\nFLEETWATCH_NODE_EXPORTER_SCRIPT\nb\n")).toThrow("must not contain a line");
  });

  it("passes the parameters to the script as environment variables", () => {
    const shell = renderRunCommand(
      commandDocument(release, "true\n"),
      documentParameters("uninstall", release),
    );
    expect(shell).toContain("FLEETWATCH_ACTION='uninstall' FLEETWATCH_VERSION='1.9.1'");
    expect(shell).toContain("FLEETWATCH_SOURCE='s3://fleetwatch-mirror/node-exporter'");
    expect(shell).toContain("FLEETWATCH_COLLECTORS='systemd -wifi' bash \"$script\"");
  });
});
