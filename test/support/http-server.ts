import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A bounded HTTP server on 127.0.0.1:0 answering with `handler`; records request bodies. Always `close()` it. */
export async function startHttp(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void) {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      bodies.push(body);
      if (bodies.length > 100) return void res.writeHead(503).end();
      handler(req as never, body, res as never);
    });
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
