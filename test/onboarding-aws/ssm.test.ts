import {
  DescribeInstanceInformationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  SSMClient,
  SSMServiceException,
} from "@aws-sdk/client-ssm";
import {
  documentParameters,
  NotReadyError,
  SSM_DELIVERY_TIMEOUT_SECONDS,
  ThrottledError,
} from "@fleetwatch/onboarding";
import { SsmCommandRunner, SsmManagedNodes } from "@fleetwatch/onboarding-aws";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it } from "vitest";

const ssm = mockClient(SSMClient);
const client = new SSMClient({ region: "us-east-1" });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
const params = documentParameters(
  "install",
  {
    version: "1.9.1",
    sha256: { amd64: "a".repeat(64), arm64: "b".repeat(64) },
    sources: { "us-east-1": "https://github.com/prometheus/node_exporter/releases/download" },
    port: 9100,
    collectors: "systemd",
  },
  "us-east-1",
);
const ssmError = (name: string) =>
  new SSMServiceException({ name, message: name, $fault: "client", $metadata: {} });

beforeEach(() => ssm.reset());

describe("SsmManagedNodes", () => {
  it("asks 50 ids per call and keeps only Online agents (unregistered ids are simply absent)", async () => {
    ssm.on(DescribeInstanceInformationCommand).resolves({
      InstanceInformationList: [
        { InstanceId: "i-00000000000000000", PingStatus: "Online" },
        { InstanceId: "i-00000000000000001", PingStatus: "ConnectionLost" },
      ],
    });
    const online = await new SsmManagedNodes(client).online(ids(120));
    expect([...online]).toEqual(["i-00000000000000000"]);
    const sizes = ssm
      .commandCalls(DescribeInstanceInformationCommand)
      .map((c) => c.args[0].input.Filters?.[0]?.Values?.length);
    expect(sizes).toEqual([50, 50, 20]);
    expect(ssm).toHaveReceivedCommandWith(DescribeInstanceInformationCommand, {
      Filters: [{ Key: "InstanceIds", Values: ids(50) }],
    });
  });
});

describe("SsmCommandRunner", () => {
  it("sends fleetwatch's document with its parameters and the shared delivery timeout, returning the command id", async () => {
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: "cmd-1" } });
    const id = await new SsmCommandRunner(client, "fleetwatch-dev-NodeExporter").send(ids(2), params);
    expect(id).toBe("cmd-1");
    expect(ssm).toHaveReceivedCommandWith(SendCommandCommand, {
      DocumentName: "fleetwatch-dev-NodeExporter",
      InstanceIds: ids(2),
      Parameters: params,
      TimeoutSeconds: SSM_DELIVERY_TIMEOUT_SECONDS,
    });
  });

  it("refuses more than 50 instances", async () => {
    await expect(new SsmCommandRunner(client, "doc").send(ids(51), params)).rejects.toThrow(
      "SendCommand takes at most 50 instances, got 51",
    );
    expect(ssm).not.toHaveReceivedCommand(SendCommandCommand);
  });

  it.each([
    ["InvalidInstanceId", NotReadyError],
    ["ThrottlingException", ThrottledError],
  ])("maps %s to %o", async (name, type) => {
    ssm.on(SendCommandCommand).rejects(ssmError(name));
    await expect(new SsmCommandRunner(client, "doc").send(ids(1), params)).rejects.toBeInstanceOf(type);
  });

  it("finds instances with a command of its document still executing, across pages", async () => {
    ssm
      .on(ListCommandsCommand)
      .resolvesOnce({ Commands: [{ InstanceIds: ids(2) }], NextToken: "n" })
      .resolvesOnce({ Commands: [{ InstanceIds: ["i-0000000000000000f"] }] });
    const busy = await new SsmCommandRunner(client, "doc").inFlight();
    expect([...busy].sort()).toEqual([...ids(2), "i-0000000000000000f"]);
    expect(ssm).toHaveReceivedNthCommandWith(ListCommandsCommand, 1, {
      Filters: [
        { key: "DocumentName", value: "doc" },
        { key: "ExecutionStage", value: "Executing" },
      ],
    });
  });
});
