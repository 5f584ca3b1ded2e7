import { combineChecks } from "../tally.js";
import { checkFargateSizes } from "./fargate.js";
import { checkLambdaEnvironment } from "./lambda-environment.js";
import { checkLogRetention } from "./log-retention.js";
import { checkNames } from "./names.js";
import { checkSecurityGroupDescriptions } from "./security-groups.js";

/** The rules AWS documents that no registry schema carries (or carries only in prose), kept by hand. */
export const checkDocumentedRules = combineChecks(
  checkSecurityGroupDescriptions,
  checkNames,
  checkLogRetention,
  checkFargateSizes,
  checkLambdaEnvironment,
);
