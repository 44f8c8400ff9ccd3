import { describe, expect, it } from "vitest";
import { signSlackRequest, verifySlackSignature } from "./slack";

// Slack's own worked example ("Verifying requests from Slack"): secret, timestamp, body and signature.
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TS = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const AT = Number(TS) * 1000;

describe("Slack's v0 request signature", () => {
  it("gives Slack's documented signature for its example", () => {
    expect(signSlackRequest(SECRET, TS, BODY)).toBe(SIGNATURE);
    expect(verifySlackSignature({ signingSecret: SECRET, signature: SIGNATURE, timestamp: TS, rawBody: BODY, nowMs: AT })).toEqual({ ok: true });
  });

  it("refuses a missing header, another body, another secret, and a timestamp over 5 minutes off either way", () => {
    const check = (o: Partial<Parameters<typeof verifySlackSignature>[0]>) => verifySlackSignature({ signingSecret: SECRET, signature: SIGNATURE, timestamp: TS, rawBody: BODY, nowMs: AT, ...o });
    expect(check({ signature: null })).toEqual({ ok: false, reason: "missing" });
    expect(check({ timestamp: null })).toEqual({ ok: false, reason: "missing" });
    expect(check({ timestamp: "soon" })).toEqual({ ok: false, reason: "missing" });
    expect(check({ rawBody: `${BODY}&x=1` })).toEqual({ ok: false, reason: "mismatch" });
    expect(check({ signingSecret: "another" })).toEqual({ ok: false, reason: "mismatch" });
    expect(check({ signature: "v0=short" })).toEqual({ ok: false, reason: "mismatch" });
    expect(check({ nowMs: AT + 5 * 60_000 })).toEqual({ ok: true });
    expect(check({ nowMs: AT + 5 * 60_000 + 1000 })).toEqual({ ok: false, reason: "stale" });
    expect(check({ nowMs: AT - 6 * 60_000 })).toEqual({ ok: false, reason: "stale" });
  });
});
