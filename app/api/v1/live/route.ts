import { otherMethods } from "@/lib/http/methods";
import { route } from "@/lib/http/route";
import { getDataVersion } from "@/lib/live/data-version";

/** What open pages poll (with If-None-Match: 304 while nothing changed) to know when to re-render. */
export const GET = route({ permission: "dashboard.read", handler: () => getDataVersion() });

export const { HEAD, POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
