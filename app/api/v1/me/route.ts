import { PERMISSIONS, can } from "@/lib/auth/permissions";
import { route } from "@/lib/http/route";
import { otherMethods } from "@/lib/http/methods";

export const GET = route({
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
