/**
 * The AWS limits onboarding works within: the domain owns them, and the adapters (packages/onboarding-aws) and
 * the fake AWS slice and check by the same numbers.
 */

/** The SSM batch limit of DescribeInstanceInformation filters and SendCommand instance ids. */
export const SSM_BATCH = 50;

/** The EC2 batch limit of DescribeInstances ids and CreateTags/DeleteTags resources. */
export const EC2_BATCH = 1000;

/** Security groups a network interface may have (the EC2 quota's default). */
export const MAX_GROUPS_PER_INTERFACE = 5;
