import { deploymentsCollector } from "@/lib/deployments/collector";
import { inventoryCollector } from "@/lib/regions/collector";
import { backupsCollector } from "@/lib/replication/backup-collector";
import { replicationCollector } from "@/lib/replication/collector";
import { slosCollector } from "@/lib/slos/collector";
import { topologyCollector } from "@/lib/topology/collector";
import type { CollectorDomain } from "./types";

/** Every domain that collects; add a line when a domain gains a collector. */
export const collectorDomains: CollectorDomain[] = [inventoryCollector, deploymentsCollector, slosCollector, replicationCollector, backupsCollector, topologyCollector];
