import { combineChecks } from "../tally.js";
import { checkHealthCheckGracePeriod } from "./grace-period.js";
import { checkSqsVisibility } from "./sqs-visibility.js";

/** Rules between resources: a queue and its consumer, a service and its load balancer. */
export const checkCrossResourceRules = combineChecks(checkSqsVisibility, checkHealthCheckGracePeriod);
