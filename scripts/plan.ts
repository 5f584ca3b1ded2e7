// npm run plan [-- --stage S] [--json] [--config FILE]
// Prints, offline, what `sst deploy` would create for a stage (the real sst.config.ts under Pulumi mocks) and
// what it would cost a month: `fleetwatch plan`, with npm's `preplan` having installed the SST platform.
import { main } from "@fleetwatch/cli";

const code = await main(["plan", ...process.argv.slice(2)], {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Exit only once the whole plan is written: a pipe takes it in chunks, and Pulumi leaves handles open.
process.stdout.write("", () => process.exit(code));
