import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, ulidAt } from "@fleetwatch/devkit/blocks";
import { writeFixture } from "@fleetwatch/devkit/file-bucket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./fake-io";

const HEADER = "ULID,FROM,UNTIL,RANGE,LEVEL,RESOLUTION,SERIES,SAMPLES,CHUNKS,SOURCE,MARKERS,LABELS";
const TEAM = { fleetwatch_group: "web, api", team: 'say "hi"' };

describe("fleetwatch blocks", () => {
  let dir: string;
  let bucket: string;
  let a0: string[];
  let team: string;
  let partial: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-blocks-"));
    const f = new BucketFixture();
    a0 = rawBlocks(f, STREAM_A0, NOW - 6 * HOUR, NOW - 2 * HOUR);
    team = f.block({ minTime: NOW - 10 * HOUR, maxTime: NOW - 8 * HOUR, labels: TEAM });
    f.marker(team, "deletion-mark.json", { deletion_time: 1 }, NOW);
    f.marker(team, "no-compact-mark.json", { no_compact_time: 1, reason: "manual" }, NOW);
    partial = ulidAt(NOW - HOUR);
    f.put(`${partial}/chunks/000001`, "x", NOW);
    bucket = `file://${join(dir, "bucket")}`;
    await writeFixture(join(dir, "bucket"), f);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const blocks = (...args: string[]) => cli(["blocks", "--bucket", bucket, ...args]);

  it("prints a table sorted by FROM, UNTIL (Thanos's default), markers shown, the partial block last", async () => {
    const result = await blocks();
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^ULID +FROM +UNTIL +RANGE +LEVEL +RESOLUTION +SERIES +SAMPLES +CHUNKS +SOURCE +MARKERS +LABELS$/,
    );
    expect(lines.slice(1).map((l) => l.slice(0, 26))).toEqual([team, ...a0, partial]);
    expect(lines[1]).toMatch(
      /^\S+ +2026-11-20T02:00:00Z +2026-11-20T04:00:00Z +2h +1 +raw +10 +1200 +10 +sidecar +deletion-mark,no-compact-mark +\{fleetwatch_group="web, api",team="say \\"hi\\""\}$/,
    );
    expect(lines.at(-1)).toMatch(new RegExp(`^${partial} +partial$`));
  });

  it("prints JSON: an array of objects with ISO times and numbers", async () => {
    const result = await blocks("--format", "json", "--selector", '{team=~"say.*"}');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        ulid: team,
        minTime: "2026-11-20T02:00:00Z",
        maxTime: "2026-11-20T04:00:00Z",
        durationMs: 2 * HOUR,
        level: 1,
        resolutionMs: 0,
        series: 10,
        samples: 1200,
        chunks: 10,
        source: "sidecar",
        labels: TEAM,
        markers: ["deletion-mark", "no-compact-mark"],
      },
    ]);
  });

  it("prints CSV with a header row, quoting fields with commas and quotes (RFC 4180)", async () => {
    const result = await blocks(
      "--format",
      "csv",
      "--selector",
      '{fleetwatch_group!="default"}',
      "--sort",
      "ulid",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        HEADER,
        `${team},2026-11-20T02:00:00Z,2026-11-20T04:00:00Z,2h,1,raw,10,1200,10,sidecar,"deletion-mark,no-compact-mark","{fleetwatch_group=""web, api"",team=""say \\""hi\\""""}"`,
        // A missing label reads as "": the partial block (labels unknown) is not "default".
        `${partial},,,,,,,,,,partial,`,
        "",
      ].join("\n"),
    );
  });

  it("keeps only blocks matching every matcher of every --selector", async () => {
    const ulids = async (...args: string[]) =>
      JSON.parse((await blocks("--format", "json", ...args)).stdout).map((b: { ulid: string }) => b.ulid);
    expect(await ulids("--selector", '{fleetwatch_group="default",prometheus_replica="0"}')).toEqual(a0);
    expect(
      await ulids("--selector", '{fleetwatch_group="default"}', "--selector", '{prometheus_replica="1"}'),
    ).toEqual([]);
    expect(await ulids("--selector", 'fleetwatch_group=~"web.*|default"', "--sort", "FROM")).toEqual([
      team,
      ...a0,
    ]);
    expect(await ulids("--selector", '{fleetwatch_group!~".+"}')).toEqual([partial]);
  });

  it("sorts by the --sort columns in turn, in any case, Thanos's spellings too", async () => {
    const ulids = async (...args: string[]) =>
      (await blocks("--format", "csv", ...args)).stdout
        .trim()
        .split("\n")
        .slice(1)
        .map((l) => l.slice(0, 26));
    expect(await ulids("--sort", "markers,ulid")).toEqual(
      [...a0, team, partial].sort((x, y) => {
        const rank = (u: string) => (u === team ? 1 : u === partial ? 2 : 0);
        return rank(x) - rank(y) || (x < y ? -1 : 1);
      }),
    );
    expect(await ulids("--sort", "ULID")).toEqual([...a0, team, partial].sort());
    expect(await ulids("--sort", "#samples", "--sort", "until")).toEqual([team, ...a0, partial]);
  });

  it.each([
    [
      ["--selector", "{team=x}"],
      `--selector "{team=x}": expected a quoted value at position 7; e.g. --selector '{fleetwatch_group="default",prometheus_replica!="1"}'`,
    ],
    [
      ["--selector", '{team=~"("}'],
      `--selector "{team=~\\"(\\"}": invalid regular expression "("; e.g. --selector`,
    ],
    [
      ["--sort", "FROM,size"],
      '--sort: unknown column "size": use ULID, FROM, UNTIL, RANGE, LEVEL, RESOLUTION, SERIES, SAMPLES, CHUNKS, SOURCE, MARKERS, LABELS',
    ],
    [["--format", "yaml"], '--format must be one of table, json, csv, got "yaml"'],
    [
      ["--objstore.config-file", "x.yml"],
      "--bucket and --objstore.config-file name the bucket twice: give one of them",
    ],
    [["--verbose"], "Unknown option '--verbose'"],
  ])("refuses %j in one line, exit 3", async (args, message) => {
    const result = await blocks(...args);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toEqual([expect.stringContaining(message), ""]);
    expect(result.stderr).toMatch(
      /^fleetwatch blocks: .*\(`fleetwatch blocks --help` lists the options\)\n$/,
    );
  });

  it("refuses a missing bucket in one line, exit 3", async () => {
    expect(await cli(["blocks"])).toEqual({
      code: 3,
      stdout: "",
      stderr:
        "fleetwatch blocks: --bucket is required, or --objstore.config-file FILE (`fleetwatch blocks --help` lists the options)\n",
    });
  });

  it("exits 3 with the cause and its fix for a missing directory, and lists it once it exists", async () => {
    const missing = join(dir, "later");
    const result = await cli(["blocks", "--bucket", `file://${missing}`]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      new RegExp(
        `^fleetwatch blocks: ${missing}: the directory does not exist \\(ENOENT\\): the directory does not exist: check the file:// path.*\\n$`,
      ),
    );
    await mkdir(missing);
    expect(await cli(["blocks", "--bucket", `file://${missing}`, "--format", "json"])).toEqual({
      code: 0,
      stdout: "[]\n",
      stderr: "",
    });
  });

  it.each([[["blocks", "--help"]], [["help", "blocks"]], [["blocks", "--bucket", "file:///x", "-h"]]])(
    "prints its options for %j, exit 0",
    async (argv) => {
      const result = await cli(argv);
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(
        result.stdout.startsWith(
          "usage: fleetwatch blocks --bucket <s3://bucket[/prefix]|file:///dir> | --objstore.config-file FILE",
        ),
      ).toBe(true);
      for (const flag of ["--selector", "--sort", "--format", "--objstore.config-file", "MARKERS: partial"])
        expect(result.stdout).toContain(flag);
      expect(result.stdout).toMatch(/exit code: 0 listed, .*3 usage/);
    },
  );
});
