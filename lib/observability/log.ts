import "server-only";
import pino, { type DestinationStream, type Level as PinoLevel, type Logger } from "pino";
import { readLogLevel } from "@/lib/env";

// JSON lines through pino: one object per event ({ level, ts, msg, ...fields }), warnings and errors
// on stderr, the rest on stdout, easy to ship to Loki or CloudWatch. Secrets and tokens are redacted
// by field name before a line is written, whoever passes them.

type Fields = Record<string, unknown>;
type Level = "debug" | "info" | "warn" | "error";
const LEVELS: readonly Level[] = ["debug", "info", "warn", "error"];

export type Log = {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger whose every line carries `bindings` (e.g. `{ requestId }`). */
  child(bindings: Fields): Log;
};

/** Field names whose values never reach a log line, at the top level or up to three objects deep. */
export const SECRET_FIELDS = [
  "token", "accessToken", "refreshToken", "idToken", "sessionToken", "apiToken", "bearer",
  "secret", "clientSecret", "client_secret", "secretAccessKey", "accessKeyId",
  "password", "passphrase", "apiKey", "privateKey",
  "authorization", "Authorization", "cookie", "Cookie", "set-cookie",
  "webhookUrl", "connectionString", "databaseUrl",
  "NEXTAUTH_SECRET", "OIDC_CLIENT_SECRET", "MERIDIAN_AUDIT_KEY", "MERIDIAN_AUDIT_KEYS_OLD", "DATABASE_URL", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
];

const path = (key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`);
const join = (prefix: string, key: string) => (path(key).startsWith("[") ? `${prefix}${path(key)}` : `${prefix}.${key}`);
export const REDACT_PATHS = SECRET_FIELDS.flatMap((k) => [path(k), join("*", k), join("*.*", k), join("*.*.*", k)]);

function levelFromEnv(): Level {
  const level = readLogLevel();
  return LEVELS.includes(level as Level) ? (level as Level) : "info";
}

function defaultDestination(): DestinationStream {
  // Synchronous writes: a line logged just before the process exits is not lost.
  return pino.multistream(
    [
      { level: "debug", stream: pino.destination({ dest: 1, sync: true }) },
      { level: "warn", stream: pino.destination({ dest: 2, sync: true }) },
    ],
    { dedupe: true },
  );
}

/** The configured pino logger; `destination` is for tests, which read the lines back. */
export function createLogger(destination: DestinationStream = defaultDestination(), level: Level = levelFromEnv()): Logger {
  return pino(
    {
      level,
      base: undefined, // no pid/hostname: MERIDIAN_INSTANCE_ID names a replica where it matters
      messageKey: "msg",
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

export function wrapLogger(logger: () => Logger): Log {
  const at = (level: PinoLevel) => (msg: string, fields: Fields = {}) => logger()[level](fields, msg);
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    // Made on the first line logged: every API request gets a child and most never log (a pino child
    // with redaction costs a crowd's reads a few percent of their CPU).
    child: (bindings) => {
      let child: Logger | undefined;
      return wrapLogger(() => (child ??= logger().child(bindings)));
    },
  };
}

// Created on first use, so `next build` reads no environment.
let root: Logger | undefined;
export const log: Log = wrapLogger(() => (root ??= createLogger()));
