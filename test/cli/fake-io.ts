import { Writable } from "node:stream";
import { type Io, main } from "@fleetwatch/cli";

function sink() {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  });
  return { stream, text: () => text };
}

/** Runs `fleetwatch <argv>` in this process with fake stdout and stderr. */
export async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const io: Io = { stdout: out.stream, stderr: err.stream, env: {} };
  const code = await main(argv, io);
  return { code, stdout: out.text(), stderr: err.text() };
}
