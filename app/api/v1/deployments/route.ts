import { readDeploymentMatrix } from "@/lib/read-models/queries";
import { deploymentMatrixQuery, deploymentMatrixResponse } from "@/lib/deployments/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ summary: "The version matrix (services × regions) with drift, filtered and paged", response: deploymentMatrixResponse, permission: "dashboard.read", query: deploymentMatrixQuery, handler: ({ query }) => readDeploymentMatrix(query) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
