import { changeOperations } from "@/lib/changes/api-operations";
import { costOperations } from "@/lib/costs/api-operations";
import { failoverOperations } from "@/lib/failovers/api-operations";
import { deploymentOperations } from "@/lib/deployments/api-operations";
import { scenarioOperations } from "@/lib/demo/api-operations";
import { regionOperations } from "@/lib/regions/api-operations";
import { replicationOperations } from "@/lib/replication/api-operations";
import { sloOperations } from "@/lib/slos/api-operations";
import { userOperations } from "@/lib/users/api-operations";
import { topologyOperations } from "@/lib/topology/api-operations";
import { coreOperations } from "./api-operations";
import type { ApiOperation } from "./openapi";

/** Every documented operation; add a domain's list here when it gains routes. */
export const allOperations: ApiOperation[] = [...coreOperations, ...scenarioOperations, ...userOperations, ...regionOperations, ...deploymentOperations, ...costOperations, ...sloOperations, ...changeOperations, ...replicationOperations, ...failoverOperations, ...topologyOperations];
