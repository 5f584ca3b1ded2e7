import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RpcServer, startRpcServer } from "@fleetwatch/sst-offline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

async function call(server: RpcServer, method: string, arg: unknown) {
  const res = await fetch(`${server.url}/rpc`, {
    method: "POST",
    body: JSON.stringify({ jsonrpc: "1.0", method, params: [arg] }),
  });
  return (await res.json()) as { result?: Record<string, unknown>; error?: string };
}

describe("startRpcServer", () => {
  let root: string;
  let server: RpcServer;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "rpc-test-"));
    mkdirSync(join(root, "functions"));
    writeFileSync(
      join(root, "functions", "ok.ts"),
      "export const handler = async (): Promise<number> => 1;\n",
    );
    writeFileSync(join(root, "functions", "broken.ts"), "export const handler = async ( => 1;\n");
    server = await startRpcServer(root, { accountId: "111122223333" });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("listens on loopback only", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers Provider.Aws.Bootstrap with the account's asset bucket", async () => {
    const { result } = await call(server, "Provider.Aws.Bootstrap", { region: "eu-west-1" });
    expect(result?.asset).toBe("sst-asset-offline-111122223333");
    expect(result?.assetEcrUrl).toBe("111122223333.dkr.ecr.eu-west-1.amazonaws.com/sst-asset");
  });

  it("bundles a handler that exists and compiles", async () => {
    const { result } = await call(server, "Runtime.Build", {
      functionID: "Ok",
      handler: "functions/ok.handler",
    });
    expect(result?.errors).toEqual([]);
    expect(server.built.get("Ok")).toBe(join(root, "functions", "ok.ts"));
  });

  it("reports a handler file that does not exist", async () => {
    const { result } = await call(server, "Runtime.Build", {
      functionID: "Gone",
      handler: "functions/gone.handler",
    });
    expect(result?.errors).toEqual(['handler file for "functions/gone.handler" not found']);
  });

  it("reports a handler that does not compile", async () => {
    const { result } = await call(server, "Runtime.Build", {
      functionID: "Broken",
      handler: "functions/broken.handler",
    });
    expect(result?.errors ?? []).not.toEqual([]);
  });

  it("answers an unknown method the way the CLI does", async () => {
    expect((await call(server, "Nope.Nothing", {})).error).toContain("rpc: can't find method Nope.Nothing");
  });
});

describe("startRpcServer's close", () => {
  it("answers the calls in flight, fired and never awaited by a component, before it closes", async () => {
    const root = mkdtempSync(join(tmpdir(), "rpc-close-"));
    const server = await startRpcServer(root, { accountId: "111122223333" });
    try {
      const pending = [1, 2, 3].map(() => call(server, "Provider.Aws.Bootstrap", { region: "us-east-1" }));
      await server.close();
      for (const answer of await Promise.all(pending)) {
        expect(answer.result?.asset).toBe("sst-asset-offline-111122223333");
      }
      await expect(call(server, "Provider.Aws.Bootstrap", { region: "us-east-1" })).rejects.toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
