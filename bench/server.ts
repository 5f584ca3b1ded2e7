// The benchmark's S3 server in its own process (its own core): seeded and counted through IPC messages.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { LoopbackS3 } from "@fleetwatch/devkit/s3-server";
import { type ServerCommand, seedBlocks } from "./seed";

const server = new LoopbackS3({ maxRequests: 10_000_000 });
const endpoint = await server.start();
process.send?.({ endpoint });
process.on("message", (command: ServerCommand) => {
  if (command.op === "seed") seedBlocks(server, command);
  else if (command.op === "bucket") server.createBucket(command.bucket);
  else if (command.op === "put-gzipped")
    server.put(command.bucket, command.key, gzipSync(readFileSync(command.path), { level: 1 }));
  else if (command.op === "reset") server.resetCounts();
  process.send?.({ done: command.op, counts: server.counts, total: server.totalRequests });
});
process.on("disconnect", () => void server.stop().then(() => process.exit(0)));
