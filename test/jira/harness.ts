/** Test harness: a seeded stand-in, a frozen clock, captured events, and HTTP clients per user. */
import { type Clock } from '../../sandbox/platform/clock';
import { createJiraStandIn, seedDemo, type DemoSeed, type DemoUser, type JiraProductEvent, type JiraStandIn } from '../../sandbox/jira';

export const SITE = 'http://127.0.0.1:8080';
export const APP_ID = '712020:0a0a0a0a-0000-4000-8000-000000000001';
/** 2026-11-21T05:39:23.000Z */
export const START = Date.UTC(2026, 10, 21, 5, 39, 23);

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private t = START) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  text: string;
}

export type Who = DemoUser | 'app' | { raw: string };

export interface Client {
  get<T = unknown>(path: string): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  del<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
}

export function basicAuth(user: { email: string; token: string }): string {
  return `Basic ${Buffer.from(`${user.email}:${user.token}`).toString('base64')}`;
}

export async function send<T>(standIn: JiraStandIn, who: Who, method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  let res: Response;
  if (who === 'app') {
    res = await standIn.fetchAs(APP_ID, new Request(`${SITE}${path}`, init));
  } else {
    headers.authorization = 'raw' in who ? who.raw : basicAuth(who);
    res = await standIn.app.request(path, init);
  }
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : undefined) as T };
}

export interface Harness {
  standIn: JiraStandIn;
  seed: DemoSeed;
  events: JiraProductEvent[];
  clock: ManualClock;
  as(who: Who): Client;
}

export function harness(): Harness {
  const clock = new ManualClock();
  const events: JiraProductEvent[] = [];
  const standIn = createJiraStandIn({ clock, onEvent: (e) => events.push(e), siteUrl: SITE, appAccountId: APP_ID });
  const seed = seedDemo(standIn);
  const as = (who: Who): Client => ({
    get: (path) => send(standIn, who, 'GET', path),
    post: (path, body) => send(standIn, who, 'POST', path, body),
    put: (path, body) => send(standIn, who, 'PUT', path, body),
    del: (path, body) => send(standIn, who, 'DELETE', path, body),
  });
  return { standIn, seed, events, clock, as };
}

/** requestFieldValues for an "Onboard a new employee" request. */
export function onboardingValues(seed: DemoSeed, summary = 'Onboard Jane Doe'): Record<string, unknown> {
  const f = seed.customFieldIds;
  return {
    summary,
    [f['First name'] as string]: 'Jane',
    [f['Last name'] as string]: 'Doe',
    [f['Work email'] as string]: 'jane.doe@provisio-demo.example',
    [f['Department'] as string]: { value: 'Engineering' },
    [f['Manager'] as string]: seed.users.alanAgent.accountId,
    [f['Okta groups'] as string]: ['engineering', 'vpn-users'],
    [f['Start date'] as string]: '2026-12-01',
  };
}

export function helpValues(summary: string): Record<string, unknown> {
  return { summary, description: 'Please help.' };
}

export interface CreatedRequest {
  issueId: string;
  issueKey: string;
  currentStatus: { status: string };
}

export async function raise(h: Harness, who: DemoUser, requestType: keyof DemoSeed['requestTypeIds'], values: Record<string, unknown>): Promise<CreatedRequest> {
  const res = await h.as(who).post<CreatedRequest>('/rest/servicedeskapi/request', {
    serviceDeskId: h.seed.serviceDeskId,
    requestTypeId: h.seed.requestTypeIds[requestType],
    requestFieldValues: values,
  });
  if (res.status !== 201) throw new Error(`request creation failed: ${res.status} ${res.text}`);
  return res.body;
}
