export { describeKnown, Ec2InstanceDirectory, Ec2InstanceTagger, Ec2NetworkInterfaces } from "./ec2.js";
export { call, domainError } from "./errors.js";
export {
  type AssumeRole,
  assumeRoleError,
  MemberCredentials,
  type MemberCredentialsValue,
  REFRESH_BEFORE_MS,
  stsAssumeRole,
  stsMemberCredentials,
  UNREACHABLE_TTL_MS,
} from "./member-credentials.js";
export {
  type ListedAccount,
  OrganizationsAccountDirectory,
  organizationsDirectory,
} from "./organizations.js";
export { awsPorts, CLIENT_RETRY, type MemberAccess } from "./ports.js";
export { S3LedgerStore } from "./s3-reservations.js";
export { S3StatusStore } from "./s3-status.js";
export { deadLetterBytes, SQS_BATCH_BYTES, SQS_BATCH_ENTRIES, SqsMessageQueue, sqsBatches } from "./sqs.js";
export { SqsWorkQueue } from "./sqs-work-queue.js";
export { SsmCommandRunner, SsmManagedNodes } from "./ssm.js";
