import type { TypeMapping } from "./type-map.js";

const CFN_DOCS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference";

/**
 * The CloudFormation types fleetwatch's templates use (a StackSet's `templateBody`), checked as written: their
 * properties are CloudFormation's own, so an unknown one is a mistake (`strict`).
 */
export const TEMPLATE_TYPES: readonly string[] = [
  "AWS::IAM::Role",
  "AWS::SSM::Document",
  "AWS::Events::Rule",
];

/** The reference page of a CloudFormation type: `AWS::IAM::Role` -> `.../aws-resource-iam-role.html`. */
const docUrl = (cfnType: string) =>
  `${CFN_DOCS}/aws-resource-${cfnType.split("::").slice(1).join("-").toLowerCase()}.html`;

/** A mapping per template type, keyed by the CloudFormation type itself. */
export const TEMPLATE_MAPPINGS: Readonly<Record<string, TypeMapping>> = Object.fromEntries(
  TEMPLATE_TYPES.map((cfnType) => [cfnType, { cfnType, docUrl: docUrl(cfnType), strict: true }]),
);
