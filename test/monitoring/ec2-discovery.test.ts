import { describe, expect, it } from "vitest";
import { ec2Filters, ec2TagLabel } from "../../packages/monitoring/src/ec2-discovery.js";
import { config } from "./tools.js";

describe("ec2TagLabel", () => {
  it.each([
    ["fleetwatch:scrape", "__meta_ec2_tag_fleetwatch_scrape"],
    ["acme/group", "__meta_ec2_tag_acme_group"],
    ["Name", "__meta_ec2_tag_Name"],
    ["team.name-v2 x", "__meta_ec2_tag_team_name_v2_x"],
  ])("names tag %s as Prometheus does: %s", (key, label) => {
    expect(ec2TagLabel(key)).toBe(label);
  });
});

describe("ec2Filters", () => {
  const resolved = config({
    homeRegion: "eu-west-1",
    regions: ["us-east-1", "ap-southeast-2"],
    scrapeGroups: [
      { name: "all", selector: { tags: { a: "1" } } },
      { name: "sydney", regions: ["ap-southeast-2"] },
    ],
  });
  it("filters on the prefixed tags and the running state", () => {
    const group = resolved.scrapeGroups[1];
    if (!group) throw new Error("no group");
    expect(ec2Filters(resolved, group)).toEqual([
      { name: "tag:fleetwatch:scrape", values: ["true"] },
      { name: "tag:fleetwatch:group", values: ["sydney"] },
      { name: "instance-state-name", values: ["running"] },
    ]);
  });
});
