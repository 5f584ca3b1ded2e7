/**
 * V8 flags of the audit Lambda (its `NODE_OPTIONS`, set by stacks/health.ts) and of the benchmark's audit process
 * (bench/audit-run.ts), so the benchmark measures the memory the Lambda will use. A small young generation (4 MB
 * semi-spaces instead of 16) keeps the SDK's per-request garbage from being promoted, and a 384 MB old space makes
 * V8 collect instead of growing: at 20,000 blocks the peak RSS fell from 398 to 163 MB, no slower. Live data peaks
 * near 200 MB at 100,000 blocks, so the limit leaves room; the Lambda has 1,024 MB.
 */
export const AUDIT_NODE_OPTIONS = "--max-semi-space-size=4 --max-old-space-size=384";
