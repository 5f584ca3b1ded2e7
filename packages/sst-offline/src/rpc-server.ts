import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { build } from "esbuild";

/** What `sst.aws.Function` sends to `Runtime.Build`. */
interface BuildInput {
  functionID: string;
  handler: string;
}

export interface RpcServer {
  /** The value for `SST_SERVER`. */
  url: string;
  /** Handlers built so far, by function id. */
  built: Map<string, string>;
  close(): Promise<void>;
}

/** How long the server must see no request before it closes, and the longest it waits for that. */
const QUIET_MS = 100;
const QUIET_TIMEOUT_MS = 5_000;

const HANDLER_EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];

async function readBody(req: AsyncIterable<Buffer | string>): Promise<string> {
  let data = "";
  for await (const chunk of req) data += chunk.toString();
  return data;
}

/**
 * A stand-in, on 127.0.0.1, for the JSON-RPC server the SST CLI runs during a deploy. It answers the two calls
 * components make: `Provider.Aws.Bootstrap` (asset bucket facts) and `Runtime.Build`, which it serves by really
 * bundling the handler with esbuild, so a handler that does not exist or does not compile fails the run.
 */
export async function startRpcServer(root: string, account: { accountId: string }): Promise<RpcServer> {
  const outRoot = mkdtempSync(join(tmpdir(), "fleetwatch-build-"));
  const built = new Map<string, string>();

  async function buildHandler(input: BuildInput) {
    const parsed = posix.parse(input.handler);
    const base = posix.join(parsed.dir, parsed.name);
    const entry = HANDLER_EXTENSIONS.map((ext) => join(root, base + ext)).find((p) => existsSync(p));
    if (!entry) {
      return {
        handler: input.handler,
        out: "",
        errors: [`handler file for "${input.handler}" not found`],
        sourcemaps: [],
      };
    }
    const out = join(outRoot, input.functionID);
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      target: "node24",
      format: "esm",
      outfile: join(out, `${base}.mjs`),
      external: ["@aws-sdk/*"],
      logLevel: "silent",
    }).catch((error: Error) => ({ errors: [{ text: error.message }] }));
    if (result.errors.length > 0) {
      return { handler: input.handler, out, errors: result.errors.map((e) => e.text), sourcemaps: [] };
    }
    built.set(input.functionID, entry);
    return { handler: input.handler, out, errors: [], sourcemaps: [] };
  }

  async function dispatch(method: string, params: unknown[]): Promise<unknown> {
    const arg = (params[0] ?? {}) as Record<string, unknown>;
    switch (method) {
      case "Provider.Aws.Bootstrap":
        return {
          asset: `sst-asset-offline-${account.accountId}`,
          assetEcrRegistryId: account.accountId,
          assetEcrUrl: `${account.accountId}.dkr.ecr.${String(arg.region)}.amazonaws.com/sst-asset`,
          state: `sst-state-offline-${account.accountId}`,
          appsyncHttp: "",
          appsyncRealtime: "",
        };
      case "Runtime.Build":
        return buildHandler(arg as unknown as BuildInput);
      case "Runtime.AddTarget":
        return {};
      default:
        throw new Error(`rpc: can't find method ${method}`);
    }
  }

  let inFlight = 0;
  let lastActivity = Date.now();
  const server = createServer(async (req, res) => {
    inFlight++;
    lastActivity = Date.now();
    res.on("close", () => {
      inFlight--;
      lastActivity = Date.now();
    });
    try {
      const body = JSON.parse(await readBody(req)) as { method: string; params: unknown[] };
      const result = await dispatch(body.method, body.params ?? []);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ result }));
    } catch (error) {
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ error: String(error) }));
    }
  });
  server.on("connection", () => {
    lastActivity = Date.now();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    built,
    // Components fire some calls without awaiting them (e.g. the Fargate bootstrap lookup): wait until every
    // request is answered and none came for a moment, so closing never resets a call SST would then reject.
    close: async () => {
      const deadline = Date.now() + QUIET_TIMEOUT_MS;
      while ((inFlight > 0 || Date.now() - lastActivity < QUIET_MS) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(outRoot, { recursive: true, force: true });
          resolve();
        });
      });
    },
  };
}
