import { SourceUnavailableError } from "@/lib/http/errors";

// One error type for the failover providers (Route 53, ARC, RDS): the step log shows the message,
// the engine decides what to do from `kind`. The AWS error code is kept as it came.

export type AwsActionErrorKind = "auth" | "timeout" | "throttled" | "not-found" | "conflict" | "bad-request" | "unreachable";

export class AwsActionError extends SourceUnavailableError {
  constructor(
    readonly provider: string,
    readonly kind: AwsActionErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message, { source: provider, kind, code });
    this.name = "AwsActionError";
  }
}

// AwsCredentialsError: the source's credential chain or role failed before the call was signed.
const AUTH = new Set(["AwsCredentialsError", "AccessDenied", "AccessDeniedException", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch", "InvalidSignatureException", "UnauthorizedOperation"]);
const THROTTLE = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "PriorRequestNotComplete"]);

export type AwsFailure = { kind: AwsActionErrorKind; code: string; status: number | undefined; message: string };

/** What went wrong with an SDK call, for every AWS client here: the kind decides, the code is kept as it came. */
export function classifyAwsError(err: unknown, timedOut: boolean): AwsFailure {
  const e = err instanceof Error ? err : new Error(String(err));
  const status = (e as Error & { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = e.name;
  const failure = (kind: AwsActionErrorKind): AwsFailure => ({ kind, code, status, message: e.message });
  if (timedOut || code === "TimeoutError" || code === "AbortError") return failure("timeout");
  if (AUTH.has(code) || status === 401 || status === 403) return failure("auth");
  if (THROTTLE.has(code) || status === 429) return failure("throttled");
  if (status === 404 || /NotFound/.test(code)) return failure("not-found");
  if (status === 409 || /State|Conflict/.test(code)) return failure("conflict");
  if (status && status >= 400 && status < 500) return failure("bad-request");
  return failure("unreachable");
}

/** " (Code, HTTP 403)"-style detail for credential messages. */
export function authDetail(f: AwsFailure): string {
  return `${f.code}${f.status ? `, HTTP ${f.status}` : ""}`;
}

/** Maps an SDK error (or a timeout) to an AwsActionError whose message names the provider, the call and the AWS code. */
export function toAwsActionError(err: unknown, provider: string, call: string, timedOut: boolean, timeoutMs: number): AwsActionError {
  if (err instanceof AwsActionError) return err;
  const f = classifyAwsError(err, timedOut);
  const at = `${provider} ${call}`;
  const message: Record<AwsActionErrorKind, string> = {
    timeout: `${at}: no answer within ${timeoutMs} ms`,
    auth: `${at}: credentials refused (${authDetail(f)}): ${f.message}`,
    throttled: `${at}: throttled (${f.code}): ${f.message}`,
    "not-found": `${at}: ${f.code}: ${f.message}`,
    conflict: `${at}: ${f.code}: ${f.message}`,
    "bad-request": `${at}: ${f.code}: ${f.message}`,
    unreachable: `${at}: unreachable or failed (${authDetail(f)}): ${f.message}`,
  };
  return new AwsActionError(provider, f.kind, f.code, message[f.kind]);
}

/** Runs one SDK call with a per-call timeout joined to the caller's signal; maps every failure. */
export async function callAws<T>(
  provider: string,
  call: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  send: (abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const abortSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    return await send(abortSignal);
  } catch (err) {
    if (signal?.aborted) throw err; // the caller cancelled: not a provider fault
    throw toAwsActionError(err, provider, call, timeout.aborted, timeoutMs);
  }
}
