import { EgressFilteringService } from '@forge/egress';
import type { Faults } from './faults';
import { currentInvocation, InvocationCrashedError } from './invocation-context';

/** A local stand-in reached when the app fetches one of its real hostnames. */
export interface StandInRoute {
  name: string;
  /** Host patterns as in the manifest (`acme.okta.com`, `*.amazonaws.com`). */
  hosts: string[];
  handle(request: Request): Promise<Response>;
}

export class EgressDeniedError extends Error {
  override readonly name = 'EgressDeniedError';
}

/**
 * Forge egress for the app's own `fetch`: HTTPS only, hosts declared under
 * `permissions.external.fetch.backend` (matched by @forge/egress, as Forge does), otherwise a 403
 * Response. Allowed requests go in-process to the stand-in registered for the host, keeping the
 * original URL, so SigV4 and JWT audiences see real hostnames. No request ever leaves the machine.
 */
export class EgressRouter {
  private readonly allowed: EgressFilteringService;
  private readonly routes: { route: StandInRoute; matcher: EgressFilteringService }[] = [];

  constructor(
    backendAllowList: string[],
    private readonly faults: Faults,
  ) {
    this.allowed = new EgressFilteringService(backendAllowList);
  }

  register(route: StandInRoute): void {
    this.routes.push({ route, matcher: new EgressFilteringService(route.hosts.map((h) => `https://${h}`)) });
  }

  routeNames(): string[] {
    return this.routes.map((r) => r.route.name);
  }

  /** Which stand-in serves a URL (for call accounting), or undefined. */
  targetOf(url: string): string | undefined {
    return this.routes.find((r) => r.matcher.isValidUrl(url))?.route.name;
  }

  async fetch(input: string | URL | Request, init: RequestInit | undefined): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'https:') return denied(`Forge allows HTTPS egress only, not ${url.protocol}//${url.host}`);
    if (!this.allowed.isValidUrl(request.url)) {
      return denied(`egress to ${url.host} is not declared in manifest permissions.external.fetch.backend`);
    }
    const match = this.routes.find((r) => r.matcher.isValidUrl(request.url));
    if (!match) return new Response(`the Provisio sandbox has no stand-in for ${url.host}`, { status: 502 });
    return applyFault(this.faults, match.route.name, request, () => match.route.handle(request));
  }
}

function denied(message: string): Response {
  return new Response(JSON.stringify({ code: 'REQUEST_EGRESS_ALLOWLIST_ERR', message }), {
    status: 403,
    headers: { 'content-type': 'application/json' },
  });
}

/** Applies the next matching stand-in fault (latency, then an injected status) around a call. */
export async function applyFault(faults: Faults, target: string, request: Request, call: () => Promise<Response>): Promise<Response> {
  const url = new URL(request.url);
  const fault = faults.takeStandInFault(target, request.method, url.pathname);
  if (fault?.latencyMs) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
  if (fault?.crashAfter) {
    const response = await call();
    const scope = currentInvocation();
    if (scope) scope.crashed = true;
    void response.body?.cancel();
    throw new InvocationCrashedError(`sandbox fault: the invocation crashed right after ${request.method} ${url.pathname} reached ${target}`);
  }
  if (fault?.status) {
    return new Response(fault.body ?? JSON.stringify({ message: `sandbox fault: ${target} answered ${fault.status}` }), {
      status: fault.status,
      headers: { 'content-type': 'application/json', ...(fault.headers ?? {}) },
    });
  }
  return call();
}
