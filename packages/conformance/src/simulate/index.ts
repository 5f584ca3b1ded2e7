export {
  type AwsCall,
  type BucketName,
  type ContextValue,
  type IamAction,
  type PlanValue,
  type Principal,
  type Refusal,
  type Target,
  TLS,
  type Workload,
  withoutTls,
} from "./calls.js";
export { MANAGED_POLICIES, type PolicyDocument } from "./managed.js";
export type { PlanNames } from "./resolve.js";
export {
  AUTHORIZED_ON_STAR,
  type SimulatedRequest,
  type SimulationReport,
  type SimulationSubject,
  simulateWorkloads,
  simulationCheck,
} from "./simulate.js";
