export { type AwsErrorClass, type AwsErrorKind, classifyAwsError, isRetryableAwsError } from "./classify.js";
