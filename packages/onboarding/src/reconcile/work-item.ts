import { z } from "zod";
import { parseBody } from "../events.js";

/** What started a reconcile run: its schedule, or the one-off invocation after a deploy. */
export type ReconcileTrigger = "schedule" | "deploy";

/** One reconcile run, as every one of its work items carries it (so any page can merge the run's status). */
export interface RunRef {
  /** `<startedAt>-<trigger>`: sorts by start time, so a newer run's status is never replaced by an older one's. */
  id: string;
  trigger: ReconcileTrigger;
  /** ISO 8601. */
  startedAt: string;
  /** Every scope the run covers ({@link scopeOf} of its first items): a run is complete when all are settled. */
  scopes: string[];
}

/**
 * One page of one scope of a run: what a worker invocation does. The first item of a scope has no token; each
 * worker enqueues the next page's item (with DescribeInstances' NextToken) before it works on its own page.
 */
export interface WorkItem {
  run: RunRef;
  region: string;
  /** The account to reconcile in (assuming its role), once runs fan out per account x region; absent: our own. */
  account?: string;
  /** 0 for a scope's first page, then one more per page. */
  page: number;
  /** DescribeInstances' NextToken of the previous page; absent on page 0. */
  token?: string;
}

/** The scope of an item: its region, or `<account>.<region>` (a key segment of the run's partial summaries). */
export const scopeOf = (item: Pick<WorkItem, "region" | "account">): string =>
  item.account ? `${item.account}.${item.region}` : item.region;

const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not an AWS region");
const scope = z.string().regex(/^(\d{12}\.)?[a-z]{2}(-[a-z]+)+-\d$/, "not a region or <account>.<region>");

const workItem = z.strictObject({
  run: z.strictObject({
    id: z.string().regex(/^[0-9TZ:.-]+-(schedule|deploy)$/, "not a run id (<ISO time>-<trigger>)"),
    trigger: z.enum(["schedule", "deploy"]),
    startedAt: z.iso.datetime(),
    scopes: z.array(scope).min(1),
  }),
  region,
  account: z
    .string()
    .regex(/^\d{12}$/, "not an account id")
    .optional(),
  page: z.number().int().min(0),
  token: z.string().min(1).optional(),
});

/** A work item from a queue message body. @throws MalformedEventError naming the first bad key */
export function parseWorkItem(body: string): WorkItem {
  const item = parseBody(workItem, "reconcile work item", body);
  return {
    run: item.run,
    region: item.region,
    ...(item.account ? { account: item.account } : {}),
    page: item.page,
    ...(item.token ? { token: item.token } : {}),
  };
}

/** The queue message body of an item. */
export const workItemBody = (item: WorkItem): string => JSON.stringify(item);

/** The item of the page after `item`. */
export const nextItem = (item: WorkItem, token: string): WorkItem => ({
  ...item,
  page: item.page + 1,
  token,
});
