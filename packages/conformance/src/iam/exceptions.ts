/**
 * Where AWS authorizes a call differently from what the Service Authorization Reference lists. Each entry is
 * a fact with its source; the IAM check expects the grant the entry describes instead of the reference's.
 */
export type AuthorizationException =
  | {
      /** `service:Action` in the reference's case. */
      action: string;
      /** The call is authorized on `"*"`, whatever resource types the reference lists. */
      kind: "wildcard-resource";
      /** The condition key that scopes the grant instead of the resource. */
      scopeKey: string;
      why: string;
      source: string;
    }
  | {
      action: string;
      /** AWS also authorizes the call on a resource type the reference lists as optional. */
      kind: "also-required";
      resourceType: string;
      why: string;
      source: string;
    };

export const AUTHORIZATION_EXCEPTIONS: readonly AuthorizationException[] = [
  {
    action: "ecs:ListTasks",
    kind: "wildcard-resource",
    scopeKey: "ecs:cluster",
    why: 'filtered by cluster and service (no container instance), ECS authorizes ListTasks on Resource "*"; a grant on container-instance ARNs is AccessDenied "on resource: *"',
    source:
      "cdklabs/construct-hub#1207, widdix/complete-aws-iam-reference#74 (shared/notes/aws-conformance.md)",
  },
  {
    action: "ec2:ModifyNetworkInterfaceAttribute",
    kind: "also-required",
    resourceType: "instance",
    why: "changing the security groups of an instance's interface is authorized on the instance as well; AWS's own managed policies that change instances' interfaces grant instance/* beside network-interface/*",
    source: "shared/notes/aws-conformance.md (AWS managed policies for the same call)",
  },
];

/** The exception for an action, if AWS has one. */
export function exceptionFor(action: string): AuthorizationException | undefined {
  return AUTHORIZATION_EXCEPTIONS.find((e) => e.action.toLowerCase() === action.toLowerCase());
}
