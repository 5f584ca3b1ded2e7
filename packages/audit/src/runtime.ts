/**
 * V8 flags of the audit Lambda (its `NODE_OPTIONS`, set by stacks/health.ts) and of the benchmark's audit process
 * (bench/audit-run.ts), so the benchmark measures the memory the Lambda will use. Semi-spaces of 8 MB (a young
 * generation half the default) and a 384 MB old space make V8 collect the SDK's per-request garbage instead of
 * growing the heap: a cold audit of 20,000 blocks peaked at 196 MB RSS instead of 396, in the same time (4 MB
 * semi-spaces: 181 MB but a quarter slower). At 100,000 blocks the benchmark peaks at 397 MB RSS (789
 * before); live data peaks near 200 MB there, so the limit leaves room. The Lambda has 1,024 MB.
 */
export const AUDIT_NODE_OPTIONS = "--max-semi-space-size=8 --max-old-space-size=384";
