export { type ByRegion, byRegion, RegionalShapeError } from "./by-region.js";
export {
  type CfnResource,
  type CfnTemplate,
  type CfnValue,
  equals,
  getAtt,
  logicalId,
  ref,
  stackAccountArn,
  sub,
} from "./cfn.js";
export { type AccountInstance, type MemberDeployment, memberDeployment } from "./deployment.js";
export {
  formatMirrorAccess,
  MIRROR_READ_SID,
  type MirrorAccess,
  MirrorAccessError,
  type MirrorAccessScope,
  type MirrorReaders,
  type MirrorReadStatement,
  mirrorAccess,
  mirrorBucketPolicy,
  mirrorReadStatement,
} from "./mirror-access.js";
export { type GrantLike, grantStatements, type PolicyStatement } from "./statements.js";
export {
  FORWARDING_ROLE,
  homeBusArn,
  MEMBER_ROLE,
  type MemberTemplateSpec,
  memberTemplate,
  NODE_EXPORTER_DOCUMENT,
  ROLE_REGION_PARAMETER,
} from "./template.js";
