import { route } from "@/lib/http/route";
import { getSloDetail } from "@/lib/slos/queries";
import { sloIdParams } from "@/lib/slos/schemas";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({ permission: "dashboard.read", params: sloIdParams, handler: ({ params }) => getSloDetail(params.id) });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
