import { readDeploymentMatrix } from "@/lib/read-models/queries";
import { deploymentMatrixQuery } from "@/lib/deployments/schemas";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", query: deploymentMatrixQuery, handler: ({ query }) => readDeploymentMatrix(query) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
