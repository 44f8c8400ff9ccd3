/**
 * Orders version strings when they look like versions ("1.4.2", "v2.0.0-rc.1", "2024.11.3");
 * returns null when either does not, so callers say "unknown" instead of guessing.
 */
export function compareVersions(a: string, b: string): number | null {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return null;
  for (let i = 0; i < Math.max(pa.nums.length, pb.nums.length); i++) {
    const d = (pa.nums[i] ?? 0) - (pb.nums[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  // A pre-release sorts before its release (semver §11); two pre-releases compare as text.
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === null) return 1;
  if (pb.pre === null) return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

function parseVersion(v: string): { nums: number[]; pre: string | null } | null {
  const m = /^v?(\d+(?:\.\d+){0,3})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return null;
  return { nums: m[1].split(".").map(Number), pre: m[2] ?? null };
}

export type Lag = { direction: "same" | "behind" | "ahead" | "unknown"; releases: number | null };

/**
 * How far `version` is from the reference (the active region's) version. With release
 * positions (`order`) the count is exact; with comparable versions it is the number of
 * distinct versions the reference region ran in between (`referenceHistory`), when that
 * history covers them; otherwise only the direction is known.
 */
export function lagBehind(
  cell: { version: string; order?: number },
  reference: { version: string; order?: number },
  referenceHistory: string[] = [],
): Lag {
  if (cell.version === reference.version) return { direction: "same", releases: 0 };
  if (cell.order !== undefined && reference.order !== undefined) {
    const d = reference.order - cell.order;
    return d > 0 ? { direction: "behind", releases: d } : d < 0 ? { direction: "ahead", releases: -d } : { direction: "same", releases: 0 };
  }
  const cmp = compareVersions(cell.version, reference.version);
  if (cmp === null || cmp === 0) return { direction: "unknown", releases: null };
  const [low, high] = cmp < 0 ? [cell.version, reference.version] : [reference.version, cell.version];
  const between = new Set(referenceHistory.filter((v) => (compareVersions(v, low) ?? 0) > 0 && (compareVersions(v, high) ?? 1) <= 0));
  // The history must reach back to the lower version, or the count would be too small.
  const covered = referenceHistory.some((v) => v === low || (compareVersions(v, low) ?? 1) < 0);
  const releases = covered && between.size > 0 ? between.size : null;
  return { direction: cmp < 0 ? "behind" : "ahead", releases };
}
