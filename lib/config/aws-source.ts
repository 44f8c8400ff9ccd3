import type { MeridianConfig, SourceConfig } from "./schema";

/** The `aws` source for an API region: one that lists it, else one without a region list. */
export function awsSourceFor(config: MeridianConfig, region: string | null): SourceConfig | null {
  const aws = config.sources.filter((s) => s.kind === "aws");
  return (region ? aws.find((s) => s.regions?.includes(region)) : undefined) ?? aws.find((s) => !s.regions) ?? (region ? null : (aws[0] ?? null));
}
