import {
  DescribeInstanceInformationCommand,
  ListCommandsCommand,
  SendCommandCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import {
  type CommandRunner,
  chunk,
  type DocumentParameters,
  type ManagedNodeRegistry,
  SSM_BATCH,
  SSM_DELIVERY_TIMEOUT_SECONDS,
} from "@fleetwatch/onboarding";
import { call } from "./errors.js";

/** DescribeInstanceInformation filtered by up to 50 instance ids. */
export class SsmManagedNodes implements ManagedNodeRegistry {
  constructor(private readonly client: SSMClient) {}

  async online(ids: readonly string[]): Promise<Set<string>> {
    const online = new Set<string>();
    for (const slice of chunk(ids, SSM_BATCH)) {
      let NextToken: string | undefined;
      do {
        const page = await call("ssm:DescribeInstanceInformation", () =>
          this.client.send(
            new DescribeInstanceInformationCommand({
              Filters: [{ Key: "InstanceIds", Values: slice }],
              MaxResults: 50,
              NextToken,
            }),
          ),
        );
        for (const info of page.InstanceInformationList ?? [])
          if (info.InstanceId && info.PingStatus === "Online") online.add(info.InstanceId);
        NextToken = page.NextToken;
      } while (NextToken);
    }
    return online;
  }
}

/**
 * Run Command with fleetwatch's document only. Its delivery timeout is {@link SSM_DELIVERY_TIMEOUT_SECONDS}, which
 * `onboarding.installTimeout` is validated against.
 */
export class SsmCommandRunner implements CommandRunner {
  constructor(
    private readonly client: SSMClient,
    private readonly documentName: string,
  ) {}

  async send(ids: readonly string[], parameters: DocumentParameters): Promise<string> {
    if (ids.length > SSM_BATCH)
      throw new Error(`SendCommand takes at most ${SSM_BATCH} instances, got ${ids.length}`);
    const out = await call("ssm:SendCommand", () =>
      this.client.send(
        new SendCommandCommand({
          DocumentName: this.documentName,
          DocumentVersion: "$LATEST",
          InstanceIds: [...ids],
          Parameters: parameters,
          TimeoutSeconds: SSM_DELIVERY_TIMEOUT_SECONDS,
          Comment: `fleetwatch ${parameters.action[0]} node_exporter ${parameters.version[0]}`,
        }),
      ),
    );
    const id = out.Command?.CommandId;
    if (!id) throw new Error("SendCommand answered without a command id");
    return id;
  }

  /** Instances of commands of the document still executing (Pending, InProgress, Delayed). */
  async inFlight(): Promise<Set<string>> {
    const busy = new Set<string>();
    let NextToken: string | undefined;
    do {
      const page = await call("ssm:ListCommands", () =>
        this.client.send(
          new ListCommandsCommand({
            Filters: [
              { key: "DocumentName", value: this.documentName },
              { key: "ExecutionStage", value: "Executing" },
            ],
            MaxResults: 50,
            NextToken,
          }),
        ),
      );
      for (const command of page.Commands ?? []) for (const id of command.InstanceIds ?? []) busy.add(id);
      NextToken = page.NextToken;
    } while (NextToken);
    return busy;
  }
}
