// Typed errors; lib/http/problem.ts maps them to application/problem+json in one place.
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, issues: Array<{ path: string; message: string }> = []) {
    super(400, "Bad request", message, issues.length ? { errors: issues } : {});
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "Sign in or send a bearer token.") {
    super(401, "Unauthorized", message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "Your role does not allow this.") {
    super(403, "Forbidden", message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super(404, "Not found", message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(409, "Conflict", message, extra);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, "Payload too large", message);
  }
}
/** An outside system could not answer; callers usually serve last-known data instead. */
export class SourceUnavailableError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(424, "Source unavailable", message, extra);
  }
}
/** Meridian itself cannot take the request now (busy, read-only standby, database unreachable); says when to retry. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(503, "Service unavailable", message, extra);
  }
}
