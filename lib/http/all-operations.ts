import { changeOperations } from "@/lib/changes/api-operations";
import { coreOperations } from "./api-operations";
import type { ApiOperation } from "./openapi";

/** Every documented operation; add a domain's list here when it gains routes. */
export const allOperations: ApiOperation[] = [...coreOperations, ...changeOperations];
