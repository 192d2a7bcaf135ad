/**
 * A test-side Okta client that speaks the real protocol: private_key_jwt assertions and RFC 9449
 * DPoP proofs built with jose, the nonce retry, and DPoP-bound resource calls. Every exchange is
 * recorded so the spec-conformance check can validate what the tests saw. Not a test file.
 */
import { randomUUID, createHash } from 'node:crypto';
import { SignJWT, base64url, exportJWK, generateKeyPair, importPKCS8, type CryptoKey, type JWK } from 'jose';
import { VirtualClock } from '../../sandbox/platform/clock';
import { createOktaStandIn, seedOktaDemo, type OktaDemoSeed, type OktaStandIn } from '../../sandbox/okta';

export const ORG_URL = 'https://provisio-demo.okta.com';
export const TOKEN_URL = `${ORG_URL}/oauth2/v1/token`;
/** 2026-11-21T09:00:00Z: readable timestamps in failures. */
export const START = Date.parse('2026-11-21T09:00:00.000Z');

export interface Exchange {
  method: string;
  /** Org-relative path as sent (still percent-encoded), without the query. */
  path: string;
  status: number;
  requestContentType?: string;
  requestBody?: unknown;
  responseBody?: unknown;
  responseText: string;
  headers: Headers;
  /** The test sent a request body that breaks the spec on purpose; only the response is checked. */
  deliberatelyInvalid?: boolean;
}

/** Every exchange of one test file, for the conformance suite at its end. */
export class ExchangeRecorder {
  readonly exchanges: Exchange[] = [];
}

export interface Fetcher {
  (request: Request): Promise<Response>;
}

export interface DpopKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function newDpopKey(alg: 'ES256' | 'RS256' = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

const nowSeconds = (clock: VirtualClock): number => Math.floor(clock.now() / 1000);

export interface ProofOptions {
  method: string;
  url: string;
  nonce?: string;
  accessToken?: string;
  key?: DpopKey;
  jti?: string;
  iat?: number;
  typ?: string;
}

export interface AssertionOptions {
  claims?: Record<string, unknown>;
  omit?: string[];
  key?: CryptoKey;
  kid?: string | null;
}

export class OktaTestClient {
  dpopKey!: DpopKey;
  private privateKey!: CryptoKey;
  accessToken?: string;
  tokenType?: string;
  /** The last nonce Okta handed out (clients may reuse it until it expires). */
  nonce?: string;

  constructor(
    readonly okta: OktaStandIn,
    readonly clock: VirtualClock,
    readonly seed: Pick<OktaDemoSeed, 'clientId' | 'keyId' | 'privateKeyPem'>,
    readonly recorder: ExchangeRecorder,
    /** Where requests go: `okta.handle` by default; tests of mounting pass another fetcher. */
    readonly fetcher: Fetcher = (r) => okta.handle(r),
    readonly baseUrl: string = ORG_URL,
  ) {}

  async init(): Promise<this> {
    this.privateKey = await importPKCS8(this.seed.privateKeyPem, 'RS256');
    this.dpopKey = await newDpopKey();
    return this;
  }

  get tokenUrl(): string {
    return `${this.baseUrl}/oauth2/v1/token`;
  }

  async assertion(options: AssertionOptions = {}): Promise<string> {
    const now = nowSeconds(this.clock);
    const claims: Record<string, unknown> = {
      iss: this.seed.clientId,
      sub: this.seed.clientId,
      aud: TOKEN_URL,
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
      ...options.claims,
    };
    for (const name of options.omit ?? []) delete claims[name];
    const header: { alg: string; kid?: string } = { alg: 'RS256' };
    if (options.kid !== null) header.kid = options.kid ?? this.seed.keyId;
    return new SignJWT(claims).setProtectedHeader(header).sign(options.key ?? this.privateKey);
  }

  async proof(options: ProofOptions): Promise<string> {
    const key = options.key ?? this.dpopKey;
    const claims: Record<string, unknown> = {
      htm: options.method,
      htu: options.url,
      iat: options.iat ?? nowSeconds(this.clock),
      jti: options.jti ?? randomUUID(),
    };
    if (options.nonce) claims.nonce = options.nonce;
    if (options.accessToken) claims.ath = base64url.encode(createHash('sha256').update(options.accessToken).digest());
    const alg = key.publicJwk.kty === 'EC' ? 'ES256' : 'RS256';
    return new SignJWT(claims).setProtectedHeader({ alg, typ: options.typ ?? 'dpop+jwt', jwk: key.publicJwk }).sign(key.privateKey);
  }

  /** One raw token request; the caller decides every part. */
  async tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}, opts: { deliberatelyInvalid?: boolean } = {}): Promise<Response> {
    return this.send(
      new Request(this.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...headers },
        body: new URLSearchParams(form).toString(),
      }),
      { form, deliberatelyInvalid: opts.deliberatelyInvalid },
    );
  }

  tokenForm(assertion: string, scope: string): Record<string, string> {
    return {
      grant_type: 'client_credentials',
      scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    };
  }

  /** The whole client-credentials flow, including the DPoP nonce retry with a fresh assertion. */
  async authenticate(scopes: string[], opts: { dpop?: boolean } = {}): Promise<{ accessToken: string; tokenType: string; responses: Response[] }> {
    const useDpop = opts.dpop ?? true;
    const responses: Response[] = [];
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const headers: Record<string, string> = {};
      if (useDpop) headers.DPoP = await this.proof({ method: 'POST', url: this.tokenUrl, nonce: this.nonce });
      const response = await this.tokenRequest(this.tokenForm(await this.assertion(), scopes.join(' ')), headers);
      responses.push(response);
      const body = (await response.clone().json()) as Record<string, unknown>;
      if (response.status === 400 && body.error === 'use_dpop_nonce') {
        this.nonce = response.headers.get('dpop-nonce') ?? undefined;
        continue;
      }
      if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
      this.accessToken = body.access_token as string;
      this.tokenType = body.token_type as string;
      return { accessToken: this.accessToken, tokenType: this.tokenType, responses };
    }
    throw new Error('token request still wants a nonce after the retry');
  }

  /**
   * A Management API call with the current token: `DPoP <token>` plus a fresh proof when the token
   * is DPoP-bound, else `Bearer`. `auth` overrides the Authorization header; `proof` the DPoP header.
   */
  async api(
    method: string,
    pathAndQuery: string,
    opts: { body?: unknown; rawBody?: string; auth?: string | null; proof?: string | null; htu?: string; deliberatelyInvalid?: boolean } = {},
  ): Promise<Response> {
    const url = `${this.baseUrl}${pathAndQuery}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined || opts.rawBody !== undefined) headers['content-type'] = 'application/json';
    if (opts.auth !== undefined) {
      if (opts.auth !== null) headers.authorization = opts.auth;
    } else if (this.accessToken) {
      headers.authorization = `${this.tokenType === 'DPoP' ? 'DPoP' : 'Bearer'} ${this.accessToken}`;
    }
    if (opts.proof !== undefined) {
      if (opts.proof !== null) headers.DPoP = opts.proof;
    } else if (this.tokenType === 'DPoP' && this.accessToken && opts.auth === undefined) {
      const htu = opts.htu ?? decodedUrl(url);
      headers.DPoP = await this.proof({ method, url: htu, accessToken: this.accessToken });
    }
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    return this.send(new Request(url, { method, headers, body }), {
      json: opts.rawBody ?? opts.body,
      deliberatelyInvalid: opts.deliberatelyInvalid ?? opts.rawBody !== undefined,
    });
  }

  /** Same as `api` but with the org's SSWS admin token. */
  admin(method: string, pathAndQuery: string, body?: unknown, opts: { deliberatelyInvalid?: boolean } = {}): Promise<Response> {
    return this.api(method, pathAndQuery, { body, auth: `SSWS ${this.okta.adminApiToken}`, proof: null, ...opts });
  }

  private async send(request: Request, sent: { form?: Record<string, string>; json?: unknown; deliberatelyInvalid?: boolean }): Promise<Response> {
    const response = await this.fetcher(request);
    const text = await response.clone().text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const url = new URL(request.url);
    const orgPath = url.pathname.slice(new URL(this.baseUrl).pathname.replace(/\/$/, '').length);
    this.recorder.exchanges.push({
      method: request.method,
      path: orgPath,
      status: response.status,
      ...(request.headers.get('content-type') ? { requestContentType: request.headers.get('content-type')! } : {}),
      ...(sent.form ? { requestBody: sent.form } : sent.json !== undefined ? { requestBody: sent.json } : {}),
      ...(parsed !== undefined ? { responseBody: parsed } : {}),
      responseText: text,
      headers: response.headers,
      ...(sent.deliberatelyInvalid ? { deliberatelyInvalid: true } : {}),
    });
    return response;
  }
}

export interface OktaWorld {
  clock: VirtualClock;
  okta: OktaStandIn;
  seed: OktaDemoSeed;
  client: OktaTestClient;
  recorder: ExchangeRecorder;
}

/** A fresh org with the demo seed and a client for its service app. */
export async function createWorld(recorder: ExchangeRecorder, opts: { requireDpop?: boolean } = {}): Promise<OktaWorld> {
  const clock = new VirtualClock(START);
  const okta = createOktaStandIn({ clock, orgUrl: ORG_URL });
  const seed = await seedOktaDemo(okta, opts);
  const client = await new OktaTestClient(okta, clock, seed, recorder).init();
  return { clock, okta, seed, client, recorder };
}

/** The request URL the way Okta compares `htu`: no query, path percent-decoded. */
export function decodedUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.split('/').map(decodeURIComponent).join('/')}`;
}

/**
 * One seeded org per test file, reset to its seeded snapshot before each test (key generation is
 * the slow part of seeding, so it happens once). Also exercises snapshot/restore on every test.
 */
export function useWorld(recorder: ExchangeRecorder, opts: { requireDpop?: boolean } = {}): () => OktaWorld {
  let world: OktaWorld | undefined;
  let seeded: unknown;
  beforeAll(async () => {
    world = await createWorld(recorder, opts);
    seeded = world.okta.snapshot();
  });
  beforeEach(() => {
    if (!world) throw new Error('world not created');
    world.okta.restore(seeded);
    world.okta.store.clearRequestLog();
    world.client.accessToken = undefined;
    world.client.tokenType = undefined;
    world.client.nonce = undefined;
  });
  return () => {
    if (!world) throw new Error('world not created');
    return world;
  };
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** Parses Okta's `Link` headers into `{rel: url}`. */
export function links(response: Response): Record<string, string> {
  const header = response.headers.get('link') ?? '';
  const out: Record<string, string> = {};
  for (const part of header.split(/,\s*(?=<)/)) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part);
    if (match) out[match[2]!] = match[1]!;
  }
  return out;
}
