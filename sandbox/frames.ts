import { randomBytes } from 'node:crypto';
import { RealDate, type ForgePlatform } from './platform';
import type { ProductApi } from './platform/forge-fetch-router';

/** What the host page knows about one rendered Custom UI frame; the frame itself is not trusted. */
export interface FrameContext {
  moduleKey: string;
  accountId: string;
  extension: Record<string, unknown>;
}

const FRAME_TTL_MS = 8 * 60 * 60 * 1000; // real time: advancing the virtual clock must not close open pages

/**
 * Frames of Custom UI the sandbox's Jira pages render. Like Forge, the platform (not the iframe)
 * decides the context a resolver sees: the frame only holds an opaque token naming it.
 */
export class FrameRegistry {
  private readonly frames = new Map<string, FrameContext & { expiresAt: number }>();

  constructor(
    private readonly platform: ForgePlatform,
    private readonly product: ProductApi,
    private readonly siteUrl: () => string,
  ) {}

  open(context: FrameContext): string {
    const token = randomBytes(18).toString('base64url');
    this.frames.set(token, { ...context, expiresAt: RealDate.now() + FRAME_TTL_MS });
    return token;
  }

  isValid(token: string): boolean {
    return this.lookup(token) !== undefined;
  }

  /** The FullContext @forge/bridge's view.getContext() returns (boundary doc §7.2). */
  async getContext(token: string): Promise<Record<string, unknown>> {
    const frame = this.require(token);
    const module = this.platform.manifest.uiModules.find((m) => m.key === frame.moduleKey);
    return {
      accountId: frame.accountId,
      cloudId: this.platform.installation.cloudId,
      environmentId: this.platform.installation.environmentId,
      environmentType: 'DEVELOPMENT',
      extension: { type: module?.type, ...frame.extension },
      localId: `${frame.moduleKey}-${token.slice(0, 8)}`,
      locale: 'en-US',
      moduleKey: frame.moduleKey,
      siteUrl: this.siteUrl(),
      timezone: 'UTC',
    };
  }

  async invoke(token: string, functionKey: string, payload: unknown): Promise<unknown> {
    const frame = this.require(token);
    const context = await this.getContext(token);
    return this.platform.invokeResolver({ moduleKey: frame.moduleKey, functionKey, payload, context, accountId: frame.accountId });
  }

  async fetchProduct(
    token: string,
    request: { product: string; restPath: string; init: { method?: string; headers?: [string, string][]; body?: string | null } },
  ): Promise<{ status: number; statusText: string; headers: Record<string, string>; body: string }> {
    const frame = this.require(token);
    if (request.product !== 'jira') throw new Error(`product '${request.product}' is not in the Provisio sandbox`);
    if (!request.restPath.startsWith('/')) throw new Error('restPath must start with /');
    const response = await this.product.fetchAs(
      frame.accountId,
      new Request(`${this.siteUrl()}${request.restPath}`, {
        method: request.init.method ?? 'GET',
        headers: request.init.headers ?? [],
        ...(request.init.body ? { body: request.init.body } : {}),
      }),
    );
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, statusText: response.statusText, headers, body: await response.text() };
  }

  private lookup(token: string) {
    const frame = this.frames.get(token);
    if (!frame) return undefined;
    if (frame.expiresAt < RealDate.now()) {
      this.frames.delete(token);
      return undefined;
    }
    return frame;
  }

  private require(token: string): FrameContext {
    const frame = this.lookup(token);
    if (!frame) throw new FrameTokenError('unknown or expired frame');
    return frame;
  }
}

export class FrameTokenError extends Error {
  override readonly name = 'FrameTokenError';
}
