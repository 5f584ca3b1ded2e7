import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./fake-io";

afterEach(() => {
  delete process.env.FLEETWATCH_CONFIG;
});

describe("fleetwatch render", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-render-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes the stage's monitoring configuration into --out", async () => {
    const out = join(dir, "production");
    const result = await cli(["render", "--stage", "production", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^rendered \d+ files for stage production into /);
    expect(await readdir(out)).toContain("prometheus");
    expect(await readFile(join(out, "thanos/ruler-query.yml"), "utf8")).toContain(
      "ThanosQuery.production.fleetwatch.sst",
    );
  });

  it("exits 3 with one line of usage without --out", async () => {
    expect(await cli(["render", "--stage", "production"])).toEqual({
      code: 3,
      stdout: "",
      stderr:
        "fleetwatch render: --out DIR is required (usage: fleetwatch render [--stage S] --out DIR [--config FILE])\n",
    });
  });

  it("refuses a stage AWS cannot take, in one line", async () => {
    const result = await cli(["render", "--stage", "Production", "--out", join(dir, "x")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^stage "Production": AWS needs lower-case names .*: use "production"\n$/);
  });

  it("names the key of a config it cannot render", async () => {
    const result = await cli([
      "render",
      "--config",
      "test/fixtures/configs/unrenderable-monitoring.ts",
      "--out",
      join(dir, "bad"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('scrapeGroups[0].selector.tags["fleetwatch:scrape"]');
  });
});
