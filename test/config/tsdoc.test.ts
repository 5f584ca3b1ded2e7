import { describe, expect, it } from "vitest";
import { keyId } from "../../packages/config/src/reference.js";
import { configSchema } from "../../packages/config/src/schema.js";
import { schemaKeys } from "../../packages/config/src/shape.js";
import { defaultValueOf, NOT_A_LITERAL, readTypesDocumentation } from "../../packages/config/src/tsdoc.js";

describe("defaultValueOf", () => {
  it.each<[string, unknown]>([
    ['"us-east-1"', "us-east-1"],
    ["9100", 9100],
    ["true", true],
    ["[]", []],
    ['["production"]', ["production"]],
    ['[{ name: "default" }]', [{ name: "default" }]],
    ['{ cpu: "1 vCPU", "memory": "4 GB" }', { cpu: "1 vCPU", memory: "4 GB" }],
    ["undefined (create a VPC)", undefined],
    ["the task's size", NOT_A_LITERAL],
    ["[x]", NOT_A_LITERAL],
  ])("reads %s", (text, value) => {
    expect(defaultValueOf(text)).toEqual(value);
  });
});

describe("types.ts and the schema", () => {
  const documented = readTypesDocumentation().keys;
  const docs = new Map(documented.map((key) => [keyId(key), key]));
  const keys = schemaKeys(configSchema);

  it("declare the same keys", () => {
    expect(documented.map(keyId)).toEqual(keys.map(keyId));
  });

  it.each(keys.map((key) => [keyId(key), key] as const))("%s has a description", (id) => {
    expect(docs.get(id)?.description).toMatch(/\S/);
  });

  it.each(keys.map((key) => [keyId(key), key] as const))(
    "%s is documented with the schema's default",
    (id, key) => {
      const doc = docs.get(id);
      if (key.required) {
        expect(doc?.optional).toBe(false);
        expect(doc?.default).toBeUndefined();
      } else if (!key.default) {
        expect(doc?.optional).toBe(true);
        expect(doc?.default === undefined || defaultValueOf(doc.default) === undefined).toBe(true);
      } else {
        expect(doc?.optional).toBe(true);
        expect(doc?.default).toBeDefined();
        expect(defaultValueOf(doc?.default ?? "")).toEqual(documentedDefault(key.path, key.default.value));
      }
    },
  );

  /**
   * What the TSDoc documents for a key the schema gives `value` by default: the same, except where the TSDoc
   * cannot say it: the node_exporter checksums (a placeholder) and a task's storage (its default size's).
   */
  function documentedDefault(path: string, value: unknown): unknown {
    if (path === "nodeExporter.sha256") {
      return {
        amd64: "<sha256 of node_exporter-1.9.1.linux-amd64.tar.gz>",
        arm64: "<sha256 of ...linux-arm64.tar.gz>",
      };
    }
    const task = /^tasks\.(\w+)\.storage$/.exec(path)?.[1];
    if (task) {
      const taskDefault = defaultValueOf(docs.get(`tasks.${task}`)?.default ?? "") as { storage?: string };
      expect(value).toBe(taskDefault.storage ?? "20 GB");
      return "20 GB";
    }
    return value;
  }
});
