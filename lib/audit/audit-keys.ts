import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getAuditEnv } from "@/lib/env";
import { log } from "@/lib/observability/log";

/** An HMAC key of the audit chain. Rows and checkpoints carry its id, never the secret. */
export type AuditKey = { id: string; secret: Buffer };
export type AuditKeyring = ReadonlyMap<string, AuditKey>;

const MIN_SECRET_LENGTH = 32;

/** First 8 hex of SHA-256 of the secret: `printf %s "$KEY" | sha256sum | cut -c1-8`. */
export function auditKeyId(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 8);
}

function toKey(secret: string, source: string): AuditKey {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${source}: an audit key must be at least ${MIN_SECRET_LENGTH} characters`);
  return { id: auditKeyId(secret), secret: Buffer.from(secret, "utf8") };
}

function keyFile(): string {
  return path.join(path.resolve(getAuditEnv().MERIDIAN_DATA_DIR), "audit-key");
}

function readKeyFile(file: string): AuditKey | null {
  try {
    return toKey(readFileSync(file, "utf8").trim(), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Creates the data folder's key once. Written aside and hard-linked into place, so two processes
 * starting together cannot each create a different key, nor read a half-written one.
 */
function createKeyFile(file: string): AuditKey {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, randomBytes(32).toString("hex"), { mode: 0o600 });
  try {
    linkSync(temp, file);
    log.warn("audit: generated an audit key in the data folder; production sets MERIDIAN_AUDIT_KEY (docs/audit.md)", { file });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  return readKeyFile(file)!;
}

/** The key new rows and checkpoints are signed with: MERIDIAN_AUDIT_KEY, else the data folder's (created on first use). */
export function getCurrentAuditKey(): AuditKey {
  const configured = getAuditEnv().MERIDIAN_AUDIT_KEY;
  if (configured) return toKey(configured, "MERIDIAN_AUDIT_KEY");
  const file = keyFile();
  return readKeyFile(file) ?? createKeyFile(file);
}

/**
 * Every key verification accepts: MERIDIAN_AUDIT_KEY, the data folder's generated key if there is one
 * (so moving to a configured key needs no extra step), and the retired keys in MERIDIAN_AUDIT_KEYS_OLD.
 * Never creates a key: a verifier that has none reports the rows it cannot check.
 */
export function getAuditKeyring(): AuditKeyring {
  const env = getAuditEnv();
  const keys = new Map<string, AuditKey>();
  const add = (key: AuditKey | null) => key && !keys.has(key.id) && keys.set(key.id, key);
  if (env.MERIDIAN_AUDIT_KEY) add(toKey(env.MERIDIAN_AUDIT_KEY, "MERIDIAN_AUDIT_KEY"));
  add(readKeyFile(keyFile()));
  for (const key of parseOldKeys(env.MERIDIAN_AUDIT_KEYS_OLD)) add(key);
  return keys;
}

/** "keyId:secret,keyId:secret"; the id is optional and, when given, must be the secret's. */
export function parseOldKeys(value: string): AuditKey[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const labelled = /^([0-9a-f]{8}):(.+)$/.exec(entry);
      const key = toKey(labelled ? labelled[2] : entry, `MERIDIAN_AUDIT_KEYS_OLD entry ${i + 1}`);
      if (labelled && labelled[1] !== key.id) {
        throw new Error(`MERIDIAN_AUDIT_KEYS_OLD entry ${i + 1}: key id ${labelled[1]} does not match its secret (whose id is ${key.id})`);
      }
      return key;
    });
}
