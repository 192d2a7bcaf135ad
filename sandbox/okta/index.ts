import type { Hono } from 'hono';
import type { Clock } from '../platform/clock';
import { createOktaApp } from './app';
import { opaqueToken } from './ids';
import type { RequestLogEntry, ServiceApp } from './model';
import { AccessTokens } from './oauth/access-tokens';
import { OktaStore } from './store';

export interface OktaStandInOptions {
  clock: Clock;
  /** The real-looking org URL the app is configured with, e.g. `https://provisio-demo.okta.com`. */
  orgUrl: string;
}

export interface OktaStandIn {
  /** Routes at the root (`/oauth2/v1/token`, `/api/v1/...`); mountable under a prefix. */
  app: Hono;
  /** In-process entry for the egress router, called with the original `https://{org}/...` URL. */
  handle(request: Request): Promise<Response>;
  registerServiceApp(app: ServiceApp): void;
  /** A super-admin SSWS token for tests and demos (`Authorization: SSWS <token>`). */
  readonly adminApiToken: string;
  readonly orgUrl: string;
  store: OktaStore;
  requestLog(): RequestLogEntry[];
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

/**
 * A stateful stand-in for one Okta org: the org authorization server's token endpoint
 * (private_key_jwt, DPoP) and the Users/Groups Management API, with Okta's errors and rate limits,
 * all on the sandbox's virtual clock.
 */
export function createOktaStandIn(opts: OktaStandInOptions): OktaStandIn {
  const orgUrl = opts.orgUrl.replace(/\/+$/, '');
  if (!/^https:\/\/[^/]+$/.test(orgUrl)) throw new TypeError(`orgUrl must be an https origin, got ${opts.orgUrl}`);
  const store = new OktaStore(opts.clock);
  // Okta API tokens are 42 characters starting with "00".
  const adminApiToken = `00${opaqueToken(40)}`;
  const tokens = new AccessTokens(store, orgUrl, adminApiToken);
  const app = createOktaApp({ store, tokens, orgUrl });
  return {
    app,
    handle: async (request) => app.fetch(request),
    registerServiceApp: (serviceApp) => store.registerServiceApp(serviceApp),
    adminApiToken,
    orgUrl,
    store,
    requestLog: () => store.requestLog(),
    snapshot: () => store.snapshot(),
    restore: (snapshot) => store.restore(snapshot),
  };
}

export { seedOktaDemo, type OktaDemoSeed } from './seed';
export { OktaStore, type NewGroupInput, type NewUserInput, type OktaStoreSnapshot } from './store';
export { OKTA_ROUTES, type OktaRoute } from './routes/table';
export { DEFAULT_RATE_LIMITS, RATE_BUCKETS, type OktaRateBucket } from './rate-limits';
export { ACCESS_TOKEN_LIFETIME_SECONDS } from './oauth/access-tokens';
export { DPOP_NONCE_TTL_MS } from './oauth/dpop';
export { KNOWN_OKTA_SCOPES } from './oauth/scopes';
export type * from './model';
