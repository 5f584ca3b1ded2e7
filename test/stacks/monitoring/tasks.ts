import type { AppRun, PolicyStatement, RecordedResource } from "@fleetwatch/sst-offline";
import * as pulumi from "@pulumi/pulumi";

// Lookups over the monitoring stack's recorded resources, shared by its tests.

export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
export const ECS_SERVICE = "aws:ecs/service:Service";
export const CLOUDMAP_SERVICE = "aws:servicediscovery/service:Service";
export const NAMESPACE = "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace";
export const LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";
export const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const BUCKET_OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
export const ROLE = "aws:iam/role:Role";

/** A container definition as ECS receives it. */
export interface ContainerDefinition {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  essential?: boolean;
  user?: string;
  environment?: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  mountPoints?: { sourceVolume: string; containerPath: string; readOnly: boolean }[];
  dependsOn?: { containerName: string; condition: string }[];
  healthCheck?: { command: string[] };
  logConfiguration?: { options: Record<string, string> };
}

/** The names of the ECS services created (= SST component names). */
export function serviceNames(run: AppRun): string[] {
  return run.graph.ofType(ECS_SERVICE).map((s) => String(s.inputs.name));
}

export function taskDefinition(run: AppRun, component: string): RecordedResource {
  return run.graph.one(TASK_DEFINITION, `${component}Task`);
}

/** The containers of a component's task. */
export function containersOf(run: AppRun, component: string): ContainerDefinition[] {
  return JSON.parse(
    String(taskDefinition(run, component).inputs.containerDefinitions),
  ) as ContainerDefinition[];
}

export function container(run: AppRun, component: string, name: string): ContainerDefinition {
  const found = containersOf(run, component).find((c) => c.name === name);
  if (!found) throw new Error(`${component} has no container ${name}`);
  return found;
}

/** The value of a `--flag=value` in a command (the first one). */
export function flag(command: string[] | undefined, name: string): string | undefined {
  const prefix = `--${name}=`;
  return command?.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/** Every value of a repeated flag. */
export function flags(command: string[] | undefined, name: string): string[] {
  const prefix = `--${name}=`;
  return (command ?? []).filter((arg) => arg.startsWith(prefix)).map((arg) => arg.slice(prefix.length));
}

/** The ECS service of a component. */
export function ecsService(run: AppRun, component: string): RecordedResource {
  return run.graph.one(ECS_SERVICE, `${component}Service`);
}

/** The Cloud Map DNS names the app registers: `<service name>.<namespace name>`. */
export function cloudMapNames(run: AppRun): string[] {
  const namespaces = run.graph.ofType(NAMESPACE);
  if (namespaces.length !== 1) throw new Error(`expected one namespace, got ${namespaces.length}`);
  const namespace = String(namespaces[0]?.inputs.name);
  return run.graph.ofType(CLOUDMAP_SERVICE).map((s) => `${String(s.inputs.name)}.${namespace}`);
}

/** The files uploaded as the current config version, by path relative to the config root. */
export function uploadedTree(run: AppRun): Record<string, string> {
  const prefix = `config/${String(run.outputs.configVersion)}/`;
  return Object.fromEntries(
    run.graph
      .ofType(BUCKET_OBJECT)
      .filter((o) => String(o.inputs.key).startsWith(prefix))
      .map((o) => [String(o.inputs.key).slice(prefix.length), String(o.inputs.content)]),
  );
}

/** The logical names of the resources a resource was told to wait for (its resolved `dependsOn`). */
export async function dependencyNames(dependsOn: unknown): Promise<string[]> {
  const list = await new Promise<unknown[]>((resolve) =>
    pulumi.output(dependsOn as pulumi.Input<unknown[]>).apply((v) => resolve(Array.isArray(v) ? v : [v])),
  );
  const urns = await Promise.all(
    list.map(
      (resource) =>
        new Promise<string>((resolve) => (resource as pulumi.Resource).urn.apply((urn) => resolve(urn))),
    ),
  );
  return urns.map((urn) => urn.split("::").at(-1) ?? urn).sort();
}

/** Every Allow statement of a role's inline policies, by the role's logical name. */
export function statementsOf(run: AppRun, role: string): PolicyStatement[] {
  const found = run.graph.ofType(ROLE).find((r) => r.name === role);
  if (!found) throw new Error(`no role ${role}`);
  return ((found.inputs.inlinePolicies as { policy?: string }[] | undefined) ?? []).flatMap(
    (p) => (JSON.parse(p.policy ?? "{}") as { Statement: PolicyStatement[] }).Statement,
  );
}
