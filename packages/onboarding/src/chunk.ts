/** `items` in slices of at most `size` (the API limits: 50 for SSM, 1,000 for EC2). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Items grouped by a string key, in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** The SSM batch limit of DescribeInstanceInformation filters and SendCommand instance ids. */
export const SSM_BATCH = 50;
/** The EC2 batch limit of DescribeInstances ids and CreateTags resources. */
export const EC2_BATCH = 1000;
