import { expect, type APIRequestContext, type Page } from "@playwright/test";

export const DEMO_USERS = ["viewer", "operator", "operator2", "approver", "approver2", "commander", "admin"] as const;

export async function signIn(page: Page, username: string, password = "demo") {
  // Start from no session, so switching users inside one test works.
  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toBeVisible();
}

/** Creates a personal API token for the signed-in user of `page` and returns its secret. */
export async function createToken(page: Page, name = "e2e"): Promise<string> {
  const res = await page.request.post("/api/v1/tokens", { data: { name, expiresInDays: 1 } });
  expect(res.status()).toBe(201);
  return (await res.json()).secret as string;
}

export async function bearer(request: APIRequestContext, token: string, method: "get" | "post" | "put" | "delete", url: string, data?: unknown) {
  return request[method](url, { headers: { authorization: `Bearer ${token}` }, ...(data !== undefined ? { data } : {}) });
}
