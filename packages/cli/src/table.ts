import { formatDuration, type Report } from "@fleetwatch/audit";

function pad(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** The report as text for a terminal: summary, streams, then findings with their fixes. */
export function renderTable(report: Report): string {
  const { summary } = report;
  const lines = [
    `fleetwatch audit of ${report.bucket} at ${report.generatedAt}`,
    `status: ${summary.status.toUpperCase()}  blocks: ${summary.blocks}  objects: ${summary.objects}  streams: ${summary.streams}  findings: ${summary.findings.critical} critical, ${summary.findings.warning} warning, ${summary.findings.info} info`,
    `compactor: ${report.compactor.state} (ecs: ${report.compactor.sources.ecs}, metrics: ${report.compactor.sources.metrics}, bucket: ${report.compactor.sources.bucket})`,
    "",
    `${pad("STREAM", 62)} ${pad("NEWEST RAW", 11)} ${pad("BLOCKS", 7)} STATUS`,
    ...report.streams.map(
      (s) =>
        `${pad(s.stream, 62)} ${pad(s.ageMs === undefined ? "-" : `${formatDuration(s.ageMs)} ago`, 11)} ${pad(String(s.blocks), 7)} ${s.status}`,
    ),
    "",
  ];
  if (report.findings.length === 0) return [...lines, "no findings"].join("\n");
  lines.push(`${pad("SEVERITY", 9)} ${pad("ID", 18)} ${pad("SUBJECT", 52)} EVIDENCE`);
  for (const f of report.findings) {
    lines.push(`${pad(f.severity, 9)} ${pad(f.id, 18)} ${pad(f.subject, 52)} ${f.evidence}`);
    lines.push(`${" ".repeat(29)}fix: ${f.fix}`);
  }
  return lines.join("\n");
}

/**
 * Rows under a header in columns as wide as their widest cell, two spaces apart; the last column is not padded,
 * so long label sets do not push trailing blanks.
 */
export function renderColumns(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
