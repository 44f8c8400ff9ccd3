/** An audit row's details as "key: value" pairs: nothing for an empty object (no stray "{}"). */
export function auditDetailPairs(details: unknown): Array<[string, string]> {
  if (details === null || details === undefined) return [];
  if (typeof details !== "object" || Array.isArray(details)) return [["", JSON.stringify(details)]];
  return Object.entries(details as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null && !(typeof v === "object" && Object.keys(v as object).length === 0))
    .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
}
