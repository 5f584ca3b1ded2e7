import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExporterRelease } from "@fleetwatch/onboarding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARCH, DEBIAN_BINARY, SANDBOX_REGION, type Sandbox, sandboxes } from "./script-sandbox.js";

// An instance downloading the release from the S3 mirror with its own credentials (the AWS CLI, faked): what the
// install reports when S3 refuses it, and that the next run installs once access is granted.

const MIRROR = "s3://acme-mirror/node-exporter";
const TARBALL = `node_exporter-1.5.0.linux-${ARCH}.tar.gz`;
const ACCESS_DENIED = `fleetwatch: error: access denied reading ${MIRROR}/${TARBALL}: the instance profile needs s3:GetObject on it, and a mirror in another account needs the bucket-policy statement of 'fleetwatch plan' (see docs/onboarding.md#mirror-access); a missing object reads as denied without s3:ListBucket`;

describe("assets/node-exporter.sh with an S3 mirror", () => {
  const fx = sandboxes(async () => ({ "1.5.0": await readFile(DEBIAN_BINARY) }));
  /** The mirror's objects as the fake AWS CLI reads them: `<root>/<bucket>/<key>`. */
  let s3Root: string;

  beforeAll(async () => {
    s3Root = await mkdtemp(join(tmpdir(), "fleetwatch-s3-"));
    const tarball = await fetch(`${fx.server.source}${fx.server.tarballPath("1.5.0")}`);
    await mkdir(join(s3Root, "acme-mirror/node-exporter"), { recursive: true });
    await writeFile(
      join(s3Root, "acme-mirror/node-exporter", TARBALL),
      Buffer.from(await tarball.arrayBuffer()),
    );
  });
  afterAll(async () => {
    await rm(s3Root, { recursive: true, force: true });
  });

  const mirrored = (box: Sandbox): ExporterRelease => ({
    ...box.release("1.5.0"),
    sources: { [SANDBOX_REGION]: MIRROR },
  });

  it("downloads the release with the AWS CLI and installs it", async () => {
    const box = await fx.open();
    const result = await box.run("install", mirrored(box), { FAKE_S3_ROOT: s3Root });
    expect(result, result.stderr).toMatchObject({ code: 0, stderr: "" });
    const downloads = (await box.calls()).filter((call) => call.startsWith("aws "));
    expect(downloads).toEqual([
      expect.stringMatching(`^aws s3 cp --only-show-errors ${MIRROR}/${TARBALL} /`),
    ]);
    expect(await box.exists("usr/local/bin/node_exporter")).toBe(true);
  });

  it.each([
    [
      "HeadObject's 403 (the CLI's first request)",
      "fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden",
    ],
    [
      "GetObject's AccessDenied",
      `download failed: ${MIRROR}/${TARBALL} to ./${TARBALL} An error occurred (AccessDenied) when calling the GetObject operation: Access Denied`,
    ],
  ])(
    "says access is denied, naming the object and the fix, on %s; the next run installs once it is granted",
    async (_, error) => {
      const box = await fx.open();
      const denied = await box.run("install", mirrored(box), { FAKE_S3_ROOT: s3Root, FAKE_S3_ERROR: error });
      expect(denied.code).toBe(1);
      const lines = denied.stderr.trimEnd().split("\n");
      // The CLI's own words, then the reason as its last line (what the install's failure reports).
      expect(lines.slice(-2)).toEqual([error, ACCESS_DENIED]);
      expect(await box.exists("usr/local/bin/node_exporter")).toBe(false);

      const granted = await box.run("install", mirrored(box), { FAKE_S3_ROOT: s3Root });
      expect(granted, granted.stderr).toMatchObject({ code: 0, stderr: "" });
      expect(await box.exists("usr/local/bin/node_exporter")).toBe(true);
    },
  );

  it("says the download failed, not that access is denied, when the object is missing (404)", async () => {
    const box = await fx.open();
    const release = { ...mirrored(box), sources: { [SANDBOX_REGION]: "s3://acme-mirror/elsewhere" } };
    const result = await box.run("install", release, { FAKE_S3_ROOT: s3Root });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "fatal error: An error occurred (404) when calling the HeadObject operation: Not Found",
      `fleetwatch: error: download of s3://acme-mirror/elsewhere/${TARBALL} failed`,
    ]);
  });
});
