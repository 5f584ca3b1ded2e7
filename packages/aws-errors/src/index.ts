export { ACCESS_REFUSED_CODES, isAccessRefused } from "./access.js";
export { type AwsErrorClass, type AwsErrorKind, classifyAwsError, isRetryableAwsError } from "./classify.js";
