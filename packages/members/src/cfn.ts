// The little of CloudFormation's template language the member template uses.

/** A value in a template: JSON, or an intrinsic function CloudFormation resolves per stack. */
export type CfnValue = string | number | boolean | null | CfnValue[] | { [key: string]: CfnValue };

/** One resource of a template. */
export interface CfnResource {
  Type: string;
  /** The name of a condition in `Conditions`: the resource exists only where it holds. */
  Condition?: string;
  DependsOn?: string[];
  Properties: Record<string, CfnValue>;
}

/** A CloudFormation template (JSON form). */
export interface CfnTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description: string;
  Parameters?: Record<
    string,
    { Type: "String"; Default?: string; Description: string; AllowedPattern?: string }
  >;
  Mappings?: Record<string, Record<string, Record<string, string>>>;
  Conditions?: Record<string, CfnValue>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Description: string; Value: CfnValue; Condition?: string }>;
}

/** `Fn::Sub`: `${AWS::AccountId}` and the other pseudo parameters resolved in each stack. */
export const sub = (text: string): CfnValue => ({ "Fn::Sub": text });
/** `Ref`: a parameter's value or a pseudo parameter (`AWS::Region`). */
export const ref = (name: string): CfnValue => ({ Ref: name });
/** `Fn::GetAtt`: an attribute of another resource of the stack. */
export const getAtt = (resource: string, attribute: string): CfnValue => ({
  "Fn::GetAtt": [resource, attribute],
});
/** `Fn::Equals` of two values: a condition. */
export const equals = (a: CfnValue, b: CfnValue): CfnValue => ({ "Fn::Equals": [a, b] });

/** An ARN in the stack's own account and partition: `arn:${AWS::Partition}:<service>:<region>:${AWS::AccountId}:<resource>`. */
export const stackAccountArn = (service: string, region: string, resource: string): CfnValue =>
  sub(`arn:\${AWS::Partition}:${service}:${region}:\${AWS::AccountId}:${resource}`);

/** A template resource's logical id from free text: alphanumerics only (`eu-west-1` -> `EuWest1`). */
export function logicalId(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}
