const HOUR = 3_600_000;

/** A duration in milliseconds as people read it: `45m`, `5h12m`, `3d4h`. */
export function formatDuration(ms: number): string {
  const negative = ms < 0;
  let rest = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const minutes = rest - hours * 60;
  const parts =
    days > 0
      ? [`${days}d`, hours ? `${hours}h` : ""]
      : hours > 0
        ? [`${hours}h`, minutes ? `${minutes}m` : ""]
        : [`${minutes}m`];
  return (negative ? "-" : "") + parts.join("");
}

/** An instant as ISO-8601 UTC without milliseconds. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export { HOUR };
