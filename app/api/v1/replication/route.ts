import { route } from "@/lib/http/route";
import { listLinks } from "@/lib/replication/queries";
import { otherMethods } from "@/lib/http/methods";
import { listLinksResponse } from "@/lib/replication/schemas";

export const GET = route({ summary: "Every replication link: lag, time equivalent, RPO, state, recent samples", response: listLinksResponse, permission: "dashboard.read", handler: () => listLinks() });

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
