import type { Role } from "./roles";

/** Who is acting: a signed-in person or a personal API token acting as its user. */
export type Actor = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  via: "session" | "token";
  tokenId?: string;
  /** A workspace-scoped token may only act on this terraform workspace. */
  tokenWorkspace?: string | null;
};

/** The actor recorded for work the system does on its own (collector, scheduled refresh). */
export const SYSTEM_ACTOR = { id: null, name: "system" } as const;
