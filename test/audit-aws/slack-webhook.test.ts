import { SlackWebhook } from "@fleetwatch/audit-aws";
import { describe, expect, it } from "vitest";
import { startHttp } from "../support/http-server";

const message = { text: "hi", blocks: [] };

describe("SlackWebhook", () => {
  it("posts the Block Kit JSON", async () => {
    const server = await startHttp((_req, _body, res) => res.writeHead(200).end("ok"));
    try {
      await new SlackWebhook(`${server.url}/services/T/B/secret`).post(message);
      expect(server.bodies.map((b) => JSON.parse(b))).toEqual([message]);
    } finally {
      await server.close();
    }
  });

  it("honours Retry-After on 429 and retries 5xx", async () => {
    let n = 0;
    const server = await startHttp((_req, _body, res) => {
      n++;
      if (n === 1) return void res.writeHead(429, { "retry-after": "2" }).end();
      if (n === 2) return void res.writeHead(503).end();
      res.writeHead(200).end("ok");
    });
    const waits: number[] = [];
    try {
      await new SlackWebhook(server.url, { sleep: async (ms) => void waits.push(ms), baseDelayMs: 100 }).post(
        message,
      );
      expect(waits).toEqual([2000, 200]);
      expect(server.bodies).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it("gives up on 4xx at once and never puts the URL in the error", async () => {
    const server = await startHttp((_req, _body, res) => res.writeHead(404).end("no_service"));
    const url = `${server.url}/services/T000/B000/very-secret-token`;
    try {
      const error = await new SlackWebhook(url, { sleep: async () => {} }).post(message).then(
        () => new Error("posted"),
        (e: Error) => e,
      );
      expect(error.message).toBe("post to Slack webhook: HTTP 404 no_service");
      expect(JSON.stringify({ m: error.message, s: error.stack, c: String(error.cause) })).not.toContain(
        "very-secret-token",
      );
      expect(server.bodies).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it.each([
    [400, "invalid_blocks", "post to Slack webhook: HTTP 400 invalid_blocks"],
    [403, "invalid_token\n", "post to Slack webhook: HTTP 403 invalid_token"],
    [404, "", "post to Slack webhook: HTTP 404"],
    [502, "<html><body>Bad gateway</body></html>", "post to Slack webhook: HTTP 502 after 2 attempts"],
    [500, "rollup_error", "post to Slack webhook: HTTP 500 rollup_error after 2 attempts"],
  ])("says Slack's reason in one line: HTTP %i %j", async (status, body, line) => {
    const server = await startHttp((_req, _body, res) => res.writeHead(status).end(body));
    try {
      const webhook = new SlackWebhook(`${server.url}/services/T/B/secret`, {
        attempts: 2,
        sleep: async () => {},
      });
      const error = await webhook.post(message).then(
        () => new Error("posted"),
        (e: Error) => e,
      );
      expect(error.message).toBe(line);
    } finally {
      await server.close();
    }
  });

  it("fails after the attempts when Slack is down, without the URL", async () => {
    const url = "http://127.0.0.1:9/services/T/B/very-secret-token";
    const error = await new SlackWebhook(url, { attempts: 2, sleep: async () => {} }).post(message).then(
      () => new Error("posted"),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/^post to Slack webhook: /);
    expect(error.message).not.toContain("secret");
  });
});
