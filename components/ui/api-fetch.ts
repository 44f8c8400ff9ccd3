/** fetch for the console's own API: JSON in, JSON out, problem+json turned into an Error with its detail. */
export async function apiFetch<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  // The API refuses a cookie-authenticated change that is not JSON (cross-site forms cannot send
  // JSON), so every mutation says JSON, with or without a body.
  const mutation = (rest.method ?? "GET").toUpperCase() !== "GET";
  const res = await fetch(url, {
    ...rest,
    headers: { ...(json !== undefined || mutation ? { "content-type": "application/json" } : {}), ...(rest.headers ?? {}) },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const detail = (body as { detail?: string } | null)?.detail ?? `${res.status} ${res.statusText}`;
    throw new Error(detail);
  }
  return body as T;
}
