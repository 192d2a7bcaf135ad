import { realFetch } from '../../sandbox/platform';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/sandbox';

export interface SandboxUser {
  displayName: string;
  email: string;
  token: string;
  accountId: string;
  roles: string[];
}

/** What a resolver answers: its data, or the error it refused with. */
export type ResolverAnswer<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export interface HttpResult<T> {
  status: number;
  body: T;
}

/**
 * Drives a sandbox the way a person or another system would: over HTTP, with each demo user's
 * Basic credentials, plus the control API. The sandbox itself runs in this process.
 */
export class SandboxClient {
  private constructor(readonly sandbox: Sandbox) {}

  static async start(options: SandboxOptions = {}): Promise<SandboxClient> {
    return new SandboxClient(await startSandbox({ port: 0, ...options }));
  }

  get url(): string {
    return this.sandbox.url;
  }

  user(key: keyof Sandbox['seed']['users']): SandboxUser {
    return this.sandbox.seed.users[key];
  }

  /** An admin page resolver called as `user` (Ada, a Jira administrator, unless said), as the Custom UI bridge would. */
  async admin<T>(functionKey: string, payload: unknown = {}, user: SandboxUser = this.user('adaAdmin')): Promise<ResolverAnswer<T>> {
    return (await this.sandbox.platform.invokeResolver({ moduleKey: 'provisio-admin', functionKey, payload, context: { extension: { type: 'jira:adminPage' } }, accountId: user.accountId })) as ResolverAnswer<T>;
  }

  /** An admin page resolver's data; an Error naming the resolver and its message when it refused. */
  async adminData<T>(functionKey: string, payload: unknown = {}, user?: SandboxUser): Promise<T> {
    const answer = await this.admin<T>(functionKey, payload, user);
    if (!answer.ok) throw new Error(`${functionKey}: ${answer.error.message}`);
    return answer.data;
  }

  as(user: SandboxUser) {
    const auth = `Basic ${Buffer.from(`${user.email}:${user.token}`).toString('base64')}`;
    const send = async <T>(method: string, path: string, body?: unknown): Promise<HttpResult<T>> => {
      const response = await realFetch()(`${this.url}${path}`, {
        method,
        headers: { authorization: auth, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    };
    return {
      get: <T>(path: string) => send<T>('GET', path),
      post: <T>(path: string, body: unknown) => send<T>('POST', path, body),
      put: <T>(path: string, body: unknown) => send<T>('PUT', path, body),
    };
  }

  /** Calls the Okta stand-in's management API with its admin SSWS token (for inspection). */
  async okta<T>(path: string): Promise<HttpResult<T>> {
    const response = await realFetch()(`${this.url}/__standin/okta${path}`, { headers: { authorization: `SSWS ${this.sandbox.okta.adminApiToken}`, accept: 'application/json' } });
    return { status: response.status, body: (await response.json()) as T };
  }

  async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await realFetch()(`${this.url}${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  settle(): Promise<unknown> {
    return this.control('POST', '/__sandbox/settle');
  }

  advance(seconds: number): Promise<unknown> {
    return this.control('POST', '/__sandbox/clock', { advanceSeconds: seconds });
  }

  close(): Promise<void> {
    return this.sandbox.close();
  }
}
