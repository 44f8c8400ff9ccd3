import { timingSafeEqual } from "node:crypto";
import type { Role } from "./roles";

/** The demo sign-ins: two people per acting role so four-eyes rules can be tried. */
export const DEMO_USERS: ReadonlyArray<{ username: string; displayName: string; role: Role }> = [
  { username: "viewer", displayName: "Vera Viewer", role: "viewer" },
  { username: "operator", displayName: "Omar Operator", role: "operator" },
  { username: "operator2", displayName: "Olivia Operator", role: "operator" },
  { username: "approver", displayName: "Ana Approver", role: "approver" },
  { username: "approver2", displayName: "Arjun Approver", role: "approver" },
  { username: "commander", displayName: "Chris Commander", role: "incident-commander" },
  { username: "admin", displayName: "Ada Admin", role: "admin" },
];

export const DEMO_PASSWORD = "demo";

export function checkDemoPassword(password: string): boolean {
  const a = Buffer.from(password);
  const b = Buffer.from(DEMO_PASSWORD);
  return a.length === b.length && timingSafeEqual(a, b);
}
