import { z } from "zod";
import { PERMISSIONS, can } from "@/lib/auth/permissions";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

const meResponse = z.object({ id: z.string(), username: z.string(), displayName: z.string(), role: z.string(), via: z.enum(["session", "token"]), permissions: z.array(z.enum(PERMISSIONS)) });

export const GET = route({
  summary: "The caller and their permissions",
  response: meResponse,
  permission: "dashboard.read",
  handler: async ({ actor }) => ({
    id: actor.id,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    via: actor.via,
    permissions: PERMISSIONS.filter((p) => can(actor.role, p)),
  }),
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
