import { DATASOURCE_UIDS } from "./uids.js";

// Small builders for Grafana dashboard JSON (schemaVersion 39): every panel queries the Thanos datasource.

export const THANOS_DATASOURCE = { type: "prometheus", uid: DATASOURCE_UIDS.thanos } as const;

export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** Show as a table of the instant values. */
  readonly instant?: boolean;
}

export interface PanelSpec {
  readonly title: string;
  readonly type: "timeseries" | "stat" | "table";
  readonly queries: readonly Query[];
  readonly unit?: string;
  readonly description?: string;
  /** Width in grid units (24 per row). @default 12 */
  readonly width?: number;
  /** @default 8 */
  readonly height?: number;
}

/** Lays panels out left to right, wrapping at 24 grid units, and numbers them. */
export function panels(specs: readonly PanelSpec[]) {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return specs.map((spec, index) => {
    const w = spec.width ?? 12;
    const h = spec.height ?? 8;
    if (x + w > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const gridPos = { x, y, w, h };
    x += w;
    rowHeight = Math.max(rowHeight, h);
    return {
      id: index + 1,
      type: spec.type,
      title: spec.title,
      ...(spec.description ? { description: spec.description } : {}),
      datasource: THANOS_DATASOURCE,
      gridPos,
      fieldConfig: { defaults: { unit: spec.unit ?? "short" }, overrides: [] },
      options: spec.type === "table" ? { showHeader: true } : {},
      targets: spec.queries.map((query, q) => ({
        datasource: THANOS_DATASOURCE,
        refId: String.fromCharCode(65 + q),
        expr: query.expr,
        legendFormat: query.legend ?? "__auto",
        ...(query.instant || spec.type === "table" ? { instant: true, range: false, format: "table" } : {}),
      })),
    };
  });
}

/** A query variable over label values. */
export function labelVariable(name: string, label: string, query: string, options: { multi: boolean }) {
  return {
    name,
    label,
    type: "query",
    datasource: THANOS_DATASOURCE,
    query: { query, refId: `${name}-values` },
    definition: query,
    refresh: 2,
    sort: 1,
    multi: options.multi,
    includeAll: options.multi,
    current: {},
  };
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly variables: readonly ReturnType<typeof labelVariable>[];
  readonly panels: readonly PanelSpec[];
}

/** A complete dashboard document. */
export function dashboard(spec: DashboardSpec) {
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ["fleetwatch"],
    timezone: "browser",
    editable: false,
    graphTooltip: 1,
    schemaVersion: 39,
    version: 1,
    refresh: "1m",
    time: { from: "now-6h", to: "now" },
    templating: { list: spec.variables },
    annotations: { list: [] },
    links: [{ title: "fleetwatch", type: "dashboards", tags: ["fleetwatch"], asDropdown: true }],
    panels: panels(spec.panels),
  };
}
