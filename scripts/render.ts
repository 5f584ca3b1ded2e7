// npm run render [-- --stage S] --out DIR [--config FILE]
// Writes every configuration file the monitoring stack ships for a stage, offline, exactly as the stack would:
// `fleetwatch render`.
import { main } from "@fleetwatch/cli";

process.exitCode = await main(["render", ...process.argv.slice(2)], {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
