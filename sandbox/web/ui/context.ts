/** What the web UI needs from the rest of the sandbox, as narrow structural types. */
import type { JiraClient, JiraRestApi } from './jira-client';
import type { Viewer } from './layout';
import type { DemoUser } from './session';

export interface UiModuleInfo {
  key: string;
  type: string;
  resource: string;
  title: string;
}

/** The parts of the local Forge platform the UI shows or drives (ForgePlatform fits). */
export interface WebUiPlatform {
  manifest: { uiModules: readonly UiModuleInfo[] };
  clock: { now(): number };
  advance(seconds: number): Promise<void>;
  settle(): Promise<void>;
  timeline: { pending(): { dueAt: number; label: string }[] };
  log: { list(): { invocationId: string; functionKey: string; moduleType: string; start: string; outcome: string; error?: string }[] };
}

/** Opens a Custom UI frame and returns its token (FrameRegistry fits). */
export interface FrameOpener {
  open(context: { moduleKey: string; accountId: string; extension: Record<string, unknown> }): string;
}

export interface WebUiDeps {
  jira: JiraRestApi;
  platform: WebUiPlatform;
  frames: FrameOpener;
  /** The demo users, as a list or keyed by name (the stand-in's DemoSeed keys them). */
  seed: { users: readonly DemoUser[] | Readonly<Record<string, DemoUser>> };
  origin: () => string;
}

/** Everything a signed-in page handler gets. */
export interface PageContext {
  deps: WebUiDeps;
  viewer: Viewer;
  /** Jira's REST API as the signed-in user. */
  jira: JiraClient;
}

export function seedUsers(deps: Pick<WebUiDeps, 'seed'>): readonly DemoUser[] {
  const { users } = deps.seed;
  return Array.isArray(users) ? users : Object.values(users);
}

export function hasRole(user: DemoUser, ...roles: string[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

export function uiModule(platform: WebUiPlatform, type: string): UiModuleInfo | undefined {
  return platform.manifest.uiModules.find((m) => m.type === type);
}
