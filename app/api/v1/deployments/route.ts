import { getDeploymentMatrix } from "@/lib/deployments/queries";
import { deploymentMatrixQuery } from "@/lib/deployments/schemas";
import { route } from "@/lib/http/route";

export const GET = route({ permission: "dashboard.read", query: deploymentMatrixQuery, handler: ({ query }) => getDeploymentMatrix(query) });
