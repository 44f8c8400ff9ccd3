import { forbidden, redirect } from "next/navigation";
import type { Actor } from "./actor";
import { getSessionActor } from "./current-actor";
import { can, type Permission } from "./permissions";

/** Every guarded page starts here: anonymous → sign-in, wrong role → a real 403 page. */
export async function requirePage(permission: Permission, returnTo = "/"): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!can(actor.role, permission)) forbidden();
  return actor;
}
