import type { Deployment, RolloutReader, StoppedRevisionTask } from "@fleetwatch/audit";

/**
 * ECS's view of a cluster's service deployments, as a rolling update with the circuit breaker moves it: a
 * scripted sequence of deployment lists per service, one step per read (the last one stays), like DescribeServices
 * answering while ECS works. A service not scripted is missing, as DescribeServices reports it in `failures`.
 */
export class FakeEcsRollouts implements RolloutReader {
  readonly reads: string[][] = [];
  readonly stoppedReads: string[] = [];
  private readonly steps = new Map<string, Deployment[][]>();
  private readonly stopped = new Map<string, StoppedRevisionTask[]>();

  script(service: string, ...steps: Deployment[][]): this {
    this.steps.set(service, steps);
    return this;
  }

  stop(service: string, ...tasks: StoppedRevisionTask[]): this {
    this.stopped.set(service, tasks);
    return this;
  }

  async deployments(services: string[]): Promise<Map<string, Deployment[]>> {
    this.reads.push(services);
    const found = new Map<string, Deployment[]>();
    for (const service of services) {
      const steps = this.steps.get(service);
      if (!steps?.length) continue;
      found.set(service, steps.length > 1 ? (steps.shift() as Deployment[]) : (steps[0] as Deployment[]));
    }
    return found;
  }

  async stoppedTasks(service: string): Promise<StoppedRevisionTask[]> {
    this.stoppedReads.push(service);
    return this.stopped.get(service) ?? [];
  }
}
