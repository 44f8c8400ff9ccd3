// Loaded before Next in every console process (`node -r` from scripts/start.mjs, first import of
// scripts/start-standalone.mjs): HTTP servers answer the requests Next cannot take with one
// problem+json answer and one log line, instead of
//   - TRACE: a 500 and a stack trace per request (undici refuses to build a Request for TRACE, TRACK
//     and CONNECT, in Next's proxy adapter before any of our code runs);
//   - methods Node's parser does not know (TRACK, FOO): a bare 400 with no body;
//   - CONNECT: a dropped connection;
//   - other methods Node parses (PROPFIND, PURGE…): whatever a page does with them (a 200 sign-in page).
// Next serves exactly these methods (lib/http/methods.ts HTTP_METHODS; a test holds the lists together).
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, loaded with node -r before any ESM */
const http = require("node:http");
const { randomUUID } = require("node:crypto");

const SERVED_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
const ALLOW = SERVED_METHODS.join(", ");
const STATUS_TEXT = { 400: "Bad Request", 405: "Method Not Allowed", 408: "Request Timeout", 413: "Payload Too Large", 431: "Request Header Fields Too Large" };

function problem(status, title, detail) {
  const requestId = randomUUID();
  return { requestId, body: JSON.stringify({ type: "about:blank", title, status, detail, requestId }) };
}

/** A method token safe to repeat in an answer and a log line; anything else is not echoed. */
function methodName(method) {
  return typeof method === "string" && /^[A-Za-z][A-Za-z0-9-]{0,23}$/.test(method) ? method.toUpperCase() : null;
}

// One JSON line in the shape of lib/observability/log.ts (warnings on stderr), never a stack trace.
function logRefusal(fields) {
  const level = process.env.MERIDIAN_LOG_LEVEL;
  if (level === "error") return;
  process.stderr.write(`${JSON.stringify({ level: "warn", ts: new Date().toISOString(), msg: "http: request refused before the app", ...fields })}\n`);
}

function notAllowed(method) {
  return problem(405, "Method not allowed", `${method ?? "This method"} is not answered here; this server answers ${SERVED_METHODS.join(", ")}.`);
}

/** A raw HTTP/1.1 answer for a socket no ServerResponse owns (CONNECT, parse errors); the connection closes. */
function rawAnswer(status, { requestId, body }, extra = {}) {
  const headers = { "content-type": "application/problem+json", "content-length": Buffer.byteLength(body), "x-request-id": requestId, connection: "close", ...extra };
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`;
}

function closeAfter(socket, text) {
  socket.end(text);
  // A peer that never reads must not keep the socket.
  setTimeout(() => socket.destroy(), 2_000).unref();
}

/** Wraps a request listener: methods Next serves pass, every other one is answered 405 here. */
function guardListener(listener) {
  return function guardedListener(req, res) {
    if (SERVED_METHODS.includes(req.method)) return listener.call(this, req, res);
    const method = methodName(req.method);
    const answer = notAllowed(method);
    logRefusal({ status: 405, method: method ?? "(unprintable)", path: String(req.url).slice(0, 200), requestId: answer.requestId });
    res.writeHead(405, { "content-type": "application/problem+json", "content-length": Buffer.byteLength(answer.body), allow: ALLOW, "x-request-id": answer.requestId });
    res.end(answer.body);
  };
}

/** CONNECT and requests Node cannot parse, answered on the socket. */
function guardServer(server) {
  server.on("connect", (req, socket) => {
    const answer = notAllowed("CONNECT");
    logRefusal({ status: 405, method: "CONNECT", path: String(req.url).slice(0, 200), requestId: answer.requestId });
    closeAfter(socket, rawAnswer(405, answer, { allow: ALLOW }));
  });
  // With a listener here Node writes nothing itself: answer what it would (408, 431, 400) as
  // problem+json, and let connections reset by the peer go quietly, as Node does.
  server.on("clientError", (error, socket) => {
    const answered = !socket.writable || (socket._httpMessage && socket._httpMessage._headerSent);
    if (error.code === "ECONNRESET" || answered) return void socket.destroy();
    let status = 400;
    let answer;
    if (error.code === "HPE_INVALID_METHOD") {
      const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString("latin1") : "";
      const method = methodName(raw.split(/[ \r\n]/, 1)[0]);
      status = 405;
      answer = notAllowed(method);
      logRefusal({ status, method: method ?? "(unprintable)", requestId: answer.requestId });
    } else {
      if (error.code === "HPE_HEADER_OVERFLOW") status = 431;
      else if (error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW") status = 413;
      else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") status = 408;
      answer = problem(status, STATUS_TEXT[status], status === 400 ? "The request is not valid HTTP/1.1." : `${STATUS_TEXT[status]}.`);
      if (status !== 408) logRefusal({ status, error: String(error.code ?? "parse error"), requestId: answer.requestId });
    }
    closeAfter(socket, rawAnswer(status, answer, status === 405 ? { allow: ALLOW } : {}));
  });
  return server;
}

/** Makes every http.createServer of this process a guarded one (Next's included). */
function install() {
  if (http.createServer.meridianGuarded) return;
  const original = http.createServer;
  const createServer = function createServer(...args) {
    const i = args.findIndex((a) => typeof a === "function");
    if (i >= 0) args[i] = guardListener(args[i]);
    return guardServer(original.apply(this, args));
  };
  createServer.meridianGuarded = true;
  http.createServer = createServer;
}

install();

module.exports = { SERVED_METHODS, guardListener, guardServer, install };
