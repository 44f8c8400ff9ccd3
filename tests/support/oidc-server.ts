import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback-server";

// A real OpenID provider (panva's oidc-provider) on loopback. devInteractions lets a browser sign
// in as any login (password ignored); the account's claims come from `accounts`, keyed by login,
// whose `sub` is the login itself so a test can change a person's email or name and keep them.
//
// Where the groups claim travels is switchable between sign-ins, with one issuer and one set of
// keys: "id-token" is a provider with conformIdTokenClaims: false (claims in the ID token too);
// "userinfo" is the spec-conforming default, which puts scope-requested claims in userinfo only.

export type OidcAccount = { preferred_username?: string; email?: string; name?: string; groups?: string[] };
export type GroupsIn = "id-token" | "userinfo";

export type OidcServer = {
  issuer: string;
  accounts: Map<string, OidcAccount>;
  /** Where the next sign-ins get their claims from. */
  groupsIn: GroupsIn;
  /** Paths requested, in order (e.g. to see that userinfo was or was not asked). */
  requests: string[];
  close(): Promise<void>;
};

export async function startOidcServer(client: { clientId: string; clientSecret: string; redirectUri: string }): Promise<OidcServer> {
  // ESM-only package; imported lazily so loaders that compile to CommonJS keep working.
  const { default: Provider } = await import("oidc-provider");
  const state = { accounts: new Map<string, OidcAccount>(), groupsIn: "id-token" as GroupsIn, requests: [] as string[] };
  const handlers: Partial<Record<GroupsIn, (req: IncomingMessage, res: ServerResponse) => void>> = {};
  const server = createServer((req, res) => {
    state.requests.push((req.url ?? "").split("?")[0]);
    handlers[state.groupsIn]!(req, res);
  });
  const listening = await listenOnLoopback(server);
  const issuer = listening.url;

  const configuration = (conformIdTokenClaims: boolean) => ({
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [client.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email", "email_verified"], groups: ["groups"] },
    conformIdTokenClaims,
    // Both providers share the default development keys and the in-memory store, so either can finish what the other began.
    async findAccount(_ctx: unknown, id: string) {
      const account = state.accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...state.accounts.get(id), email_verified: true }) };
    },
  });
  for (const mode of ["id-token", "userinfo"] as const) {
    handlers[mode] = new Provider(issuer, configuration(mode === "userinfo")).callback();
  }
  return {
    issuer,
    get accounts() {
      return state.accounts;
    },
    get groupsIn() {
      return state.groupsIn;
    },
    set groupsIn(v: GroupsIn) {
      state.groupsIn = v;
    },
    get requests() {
      return state.requests;
    },
    close: listening.close,
  };
}
