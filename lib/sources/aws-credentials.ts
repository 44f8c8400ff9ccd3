import "server-only";
import { createHash } from "node:crypto";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { SourceConfig } from "@/lib/config/schema";
import { readSecretRef } from "@/lib/env";
import { SourceUnavailableError } from "@/lib/http/errors";
import { classifyAwsError } from "./aws-action-error";

// How every AWS source gets credentials, the way AWS users run things: keys when the source names
// them (env: references, with an optional session token), otherwise the SDK's default chain
// (environment, shared config and SSO profiles, web identity for IRSA, container and instance
// roles); then, when the source says so, a role assumed with them. Every AWS client factory takes
// what this returns, so all kinds behave the same and failures name the variable or the role.

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
export type AwsIdentity = AwsCredentials & { expiration?: Date };
export type AwsCredentialProvider = () => Promise<AwsIdentity>;

/** What the client factories accept: resolved keys (tests, scripts) or a provider from this file. */
export type AwsClientAuth = AwsCredentials | { credentials: AwsCredentialProvider };

export type AwsCredentialSource = Pick<SourceConfig, "name" | "accessKeyId" | "secretAccessKey" | "sessionToken" | "roleArn" | "externalId" | "endpoints">;

export type AwsCredentialOptions = {
  resolve?: (name: string) => string | undefined;
  /** Region for STS (assume-role); default the environment's or profile's, else us-east-1. */
  region?: string;
  /** STS attempts (tests: 1). */
  maxAttempts?: number;
};

/**
 * Credentials could not be had: `missing` names unset variables ("not-configured"), otherwise
 * the message says which chain or role failed and why.
 */
export class AwsCredentialsError extends SourceUnavailableError {
  constructor(
    readonly sourceName: string,
    readonly reason: "not-configured" | "unavailable",
    message: string,
    readonly missing: string[] = [],
  ) {
    super(message, { source: sourceName, kind: reason, missing });
    this.name = "AwsCredentialsError";
  }
}

const DEFAULT_CHAIN = "the default credential chain (environment, shared config/SSO profile, web identity, container or instance role)";
// Temporary credentials are refreshed this long before they expire, so no call signs with a dying key.
const REFRESH_BEFORE_MS = 5 * 60_000;

/** The SDK's `credentials` option for a factory's auth: one code path for keys and providers. */
export function toSdkCredentials(auth: AwsClientAuth): AwsCredentials | AwsCredentialProvider {
  if ("credentials" in auth) return auth.credentials;
  return { accessKeyId: auth.accessKeyId, secretAccessKey: auth.secretAccessKey, sessionToken: auth.sessionToken };
}

const varOf = (ref: string) => ref.replace(/^env:/, "");

/** Where a source's credentials come from, in words, for Settings (never a value). */
export function describeAwsCredentials(source: AwsCredentialSource): string {
  const base = source.accessKeyId && source.secretAccessKey
    ? `keys from ${[source.accessKeyId, source.secretAccessKey, source.sessionToken].filter(Boolean).map((r) => varOf(r!)).join(", ")}`
    : DEFAULT_CHAIN;
  return source.roleArn ? `${base}, then the role ${source.roleArn}${source.externalId ? " (with an external ID)" : ""}` : base;
}

/** Unset variables the source names, each with where it is configured. */
export function findMissingAwsCredentials(source: AwsCredentialSource, resolve: (name: string) => string | undefined = readSecretRef): string[] {
  const refs: Array<[keyof AwsCredentialSource, string | undefined]> = [
    ["accessKeyId", source.accessKeyId],
    ["secretAccessKey", source.secretAccessKey],
    ["sessionToken", source.sessionToken],
  ];
  return refs.filter(([, ref]) => ref && !resolve(varOf(ref))).map(([field, ref]) => `${varOf(ref!)} (sources.${source.name}.${field})`);
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  return err.name && err.name !== "Error" && !err.message.startsWith(err.name) ? `${err.name}: ${err.message}` : err.message;
}

/** Caches the identity until shortly before it expires; failures are not cached and say who failed. */
function memoize(sourceName: string, provider: AwsCredentialProvider, failure: string): AwsCredentialProvider {
  let current: AwsIdentity | undefined;
  let pending: Promise<AwsIdentity> | undefined;
  return () => {
    if (current && (!current.expiration || current.expiration.getTime() - Date.now() > REFRESH_BEFORE_MS)) return Promise.resolve(current);
    pending ??= provider()
      .then((identity) => (current = identity))
      .catch((err: unknown) => {
        throw err instanceof AwsCredentialsError ? err : new AwsCredentialsError(sourceName, "unavailable", `${failure}: ${errorText(err)}`);
      })
      .finally(() => (pending = undefined));
    return pending;
  };
}

// One provider per source and setting, so collectors and failover steps share assumed-role sessions.
const providers = new Map<string, AwsCredentialProvider>();

/**
 * The credential provider for a source. Throws AwsCredentialsError("not-configured") naming every
 * unset variable the source refers to; chain and role failures surface when the provider is called.
 */
export function getAwsCredentials(source: AwsCredentialSource, opts: AwsCredentialOptions = {}): AwsCredentialProvider {
  const resolve = opts.resolve ?? readSecretRef;
  const missing = findMissingAwsCredentials(source, resolve);
  if (missing.length > 0) throw new AwsCredentialsError(source.name, "not-configured", missing.map((m) => m.replace(" (", " is not set (")).join(", "), missing);
  const keys: AwsCredentials | null =
    source.accessKeyId && source.secretAccessKey
      ? { accessKeyId: resolve(varOf(source.accessKeyId))!, secretAccessKey: resolve(varOf(source.secretAccessKey))!, sessionToken: source.sessionToken ? resolve(varOf(source.sessionToken)) : undefined }
      : null;
  const stsEndpoint = source.endpoints?.sts;
  // Keyed by the values too (hashed): a test or a rotated variable gets a fresh provider.
  const fingerprint = keys ? createHash("sha256").update(`${keys.accessKeyId}\0${keys.secretAccessKey}\0${keys.sessionToken ?? ""}`).digest("hex") : "chain";
  const key = JSON.stringify([source.name, fingerprint, source.roleArn, source.externalId, stsEndpoint, opts.region, opts.maxAttempts]);
  const hit = providers.get(key);
  if (hit) return hit;

  const base: AwsCredentialProvider = keys ? async () => keys : memoize(source.name, fromNodeProviderChain() as AwsCredentialProvider, `no AWS credentials from ${DEFAULT_CHAIN}`);
  let provider = base;
  if (source.roleArn) {
    const assume = fromTemporaryCredentials({
      masterCredentials: base,
      params: {
        RoleArn: source.roleArn,
        ExternalId: source.externalId,
        // Shows in CloudTrail as who assumed the role: the console and the source.
        RoleSessionName: `meridian-${source.name}`.slice(0, 64),
      },
      clientConfig: { region: opts.region, endpoint: stsEndpoint, maxAttempts: opts.maxAttempts },
    }) as AwsCredentialProvider;
    provider = memoize(source.name, assume, `assuming role ${source.roleArn} failed`);
  }
  providers.set(key, provider);
  return provider;
}

export type AwsCredentialCheck =
  | { ok: true; account: string; arn: string; userId: string }
  | { ok: false; message: string; missing: string[] };

/**
 * Proves a source's credentials with STS GetCallerIdentity (needs no permission, so a failure is
 * about the credentials themselves): who AWS says they are, or why not.
 */
export async function checkAwsCredentials(source: AwsCredentialSource, opts: AwsCredentialOptions & { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<AwsCredentialCheck> {
  let credentials: AwsCredentialProvider;
  try {
    credentials = getAwsCredentials(source, opts);
  } catch (err) {
    if (err instanceof AwsCredentialsError) return { ok: false, message: err.message, missing: err.missing };
    throw err;
  }
  const sts = new STSClient({ region: opts.region ?? "us-east-1", endpoint: source.endpoints?.sts, credentials, maxAttempts: opts.maxAttempts ?? 2 });
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout });
    return { ok: true, account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
  } catch (err) {
    if (err instanceof AwsCredentialsError) return { ok: false, message: err.message, missing: [] };
    const f = classifyAwsError(err, timeout.aborted);
    const message =
      f.kind === "timeout" ? `STS GetCallerIdentity: no answer within ${opts.timeoutMs ?? 10_000} ms`
      : f.kind === "auth" ? `STS GetCallerIdentity refused them: ${errorText(err)}`
      : `STS GetCallerIdentity failed: ${errorText(err)}`;
    return { ok: false, message, missing: [] };
  } finally {
    sts.destroy();
  }
}
