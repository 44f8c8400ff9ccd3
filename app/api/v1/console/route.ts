import { consoleStatusResponse, getConsoleStatus } from "@/lib/console/status";
import { otherMethods } from "@/lib/http/methods";
import { publicRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

// Public: the peer console in the other region reads this console's mode and fencing epoch from it.
export const GET = publicRoute({ summary: "This console's mode (primary, standby, superseded), region and fencing epoch", response: consoleStatusResponse }, async () =>
  Response.json(await getConsoleStatus(), { headers: { "cache-control": "no-store" } }),
);

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
