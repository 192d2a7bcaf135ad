import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createAwsStandIn, seedAwsDemo, type AwsDemoSeed, type AwsStandIn } from './aws';
import { createAtlassianAdminStandIn, type AtlassianAdminStandIn, type AtlassianAdminState } from './atlassian-admin';
import { JIT_DEMO_TARGET_NAMES, seedJitDemo, type JitDemoSeed } from './jit-demo';
import { createControlApi, type EndpointsReport } from './control-api';
import { configureAppForDemo } from './demo-config';
import { FrameRegistry, FrameTokenError } from './frames';
import { createJiraStandIn, seedDemo, type DemoSeed, type JiraStandIn } from './jira';
import { createOktaStandIn, seedOktaDemo, type OktaDemoSeed, type OktaStandIn } from './okta';
import { StateFile } from './persistence';
import { ForgePlatform, RealDate, VirtualClock, installVirtualDate, realFetch } from './platform';
import { applyFault } from './platform/egress';
import { createSlackStandIn, type SlackStandIn } from './slack';
import { secretAuditDemoInfo } from './secret-audit-demo';
import { exportDemoInfo } from './export-demo';
import { createBridgeRoutes } from './web/bridge-routes';
import { createResourceRoutes } from './web/resource-server';
import { createWebUi } from './web/ui';

export interface SandboxOptions {
  projectRoot?: string;
  /** 0 picks a free port (tests); npm start uses PORT or 8080. */
  port?: number;
  host?: string;
  /** Where `npm start` persists state; tests keep everything in memory. */
  dataDir?: string;
  /** Virtual start time (epoch ms); defaults to now. */
  startAt?: number;
  echoAppLogs?: boolean;
}

export interface Sandbox {
  url: string;
  platform: ForgePlatform;
  jira: JiraStandIn;
  okta: OktaStandIn;
  slack: SlackStandIn;
  aws: AwsStandIn;
  /** The demo organization; `orgAdmin` may do everything, `provisio` only assume the automation role. */
  awsSeed: AwsDemoSeed;
  /** The Atlassian organization admin API (api.atlassian.com): directory, groups, org API keys. */
  atlassianAdmin: AtlassianAdminStandIn;
  /** Just-in-time access targets seeded in Okta, AWS and the Atlassian organization. */
  jitSeed: JitDemoSeed;
  seed: DemoSeed;
  oktaSeed: OktaDemoSeed;
  frames: FrameRegistry;
  endpoints(): EndpointsReport;
  close(): Promise<void>;
}

const PROJECT_ROOT = path.resolve(__dirname, '..');
/** The Okta org the demo app is configured with; requests to it reach the Okta stand-in. */
export const DEMO_OKTA_ORG_URL = 'https://provisio-demo.okta.com';
const SAVE_INTERVAL_MS = 3000;

function appVersion(projectRoot: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(projectRoot, 'package.json')) as { version: string }).version;
}

/**
 * Starts the whole product offline: the local Forge platform running the app, the Jira/JSM
 * stand-in seeded with a demo service desk, the Jira-like web UI with the app's real Custom UI,
 * and the control API, on one origin.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const stateFile = options.dataDir ? new StateFile(options.dataDir) : undefined;
  const saved = stateFile?.load();
  const clock = new VirtualClock(saved ? Math.max(saved.virtualNow, RealDate.now()) : options.startAt);
  const restoreDate = installVirtualDate(clock);
  // Listen first: the stand-ins need the origin for their links, the app for web trigger URLs.
  const mounted: { app?: Hono } = {};
  const server: ServerType = await new Promise((resolve) => {
    const s = serve(
      { fetch: (request) => (mounted.app ? mounted.app.fetch(request) : new Response('starting', { status: 503 })), port: options.port ?? 0, hostname: options.host ?? '127.0.0.1' },
      () => resolve(s),
    );
  });
  const origin = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;

  const platform = new ForgePlatform({ projectRoot, clock, appVersion: appVersion(projectRoot), origin: () => origin, echoAppLogs: options.echoAppLogs });
  const jira = createJiraStandIn({
    clock,
    onEvent: (event) => platform.emitProductEvent(event),
    siteUrl: origin,
    appAccountId: platform.installation.appAccountId,
  });
  const okta = createOktaStandIn({ clock, orgUrl: DEMO_OKTA_ORG_URL });
  const slack = createSlackStandIn(clock);
  platform.registerStandIn({ name: 'okta', hosts: [new URL(DEMO_OKTA_ORG_URL).host], handle: (request) => okta.handle(request) });
  platform.registerStandIn({ name: 'slack', hosts: ['hooks.slack.com'], handle: (request) => slack.handle(request) });
  const aws = createAwsStandIn({
    clock,
    // CloudTrail → EventBridge → SNS and SNS's HTTP deliveries run on the platform's timeline (settle waits for them),
    // and deliveries reach web triggers over HTTP, never through the app's egress.
    schedule: (dueAt, label, run) => void platform.timeline.schedule(dueAt, label, run),
    deliverHttp: (url, init) =>
      new URL(url).origin === origin ? realFetch()(url, init) : Promise.resolve(new Response('the sandbox delivers SNS messages to its own web triggers only', { status: 502 })),
  });
  // STS, Organizations, CodeBuild, API Gateway (*.execute-api.<region>.amazonaws.com) and Lambda function URLs (*.lambda-url.<region>.on.aws).
  platform.registerStandIn({ name: 'aws', hosts: ['*.amazonaws.com', '*.on.aws'], handle: (request) => aws.handle(request) });
  const atlassianAdmin = createAtlassianAdminStandIn({ clock });
  platform.registerStandIn({ name: 'atlassian-admin', hosts: ['api.atlassian.com'], handle: (request) => atlassianAdmin.handle(request) });
  let seed: DemoSeed;
  let oktaSeed: OktaDemoSeed;
  let awsSeed: AwsDemoSeed;
  if (saved?.standIns.aws && saved.awsSeed) {
    aws.restore(saved.standIns.aws);
    awsSeed = saved.awsSeed as AwsDemoSeed;
  } else {
    awsSeed = seedAwsDemo(aws);
  }
  if (saved) {
    jira.restore(saved.jira);
    okta.restore(saved.standIns.okta);
    slack.restore(saved.standIns.slack);
    platform.restore(saved.platform as Parameters<ForgePlatform['restore']>[0]);
    seed = saved.seed as DemoSeed;
    oktaSeed = saved.oktaSeed as OktaDemoSeed;
  } else {
    seed = seedDemo(jira);
    oktaSeed = await seedOktaDemo(okta);
  }
  if (saved?.standIns.atlassianAdmin) atlassianAdmin.restore(saved.standIns.atlassianAdmin as AtlassianAdminState);
  const jitSeed = await seedJitDemo({ jiraSeed: seed, okta, aws, awsSeed, atlassianAdmin });
  // Faults on Jira apply to the app's product calls, the way a degraded Jira would look to it.
  const product = {
    fetchAs: (accountId: string, request: Request) => applyFault(platform.faults, 'jira', request, () => jira.fetchAs(accountId, request)),
  };
  platform.connectProduct(product);
  const frames = new FrameRegistry(platform, product, () => origin);

  const endpoints = (): EndpointsReport => ({
    jira: {
      url: origin,
      users: Object.values(seed.users).map(({ displayName, email, token, accountId, roles }) => ({ displayName, email, token, accountId, roles })),
    },
    okta: { url: `${origin}/__standin/okta`, orgUrl: DEMO_OKTA_ORG_URL, apiToken: okta.adminApiToken },
    slack: { messagesUrl: `${origin}/__sandbox/slack/messages` },
    aws: { endpoint: `${origin}/__standin/aws`, region: awsSeed.region, accessKeyId: awsSeed.orgAdmin.accessKeyId, secretAccessKey: awsSeed.orgAdmin.secretAccessKey },
    secretAudit: secretAuditDemoInfo(awsSeed, aws),
    export: exportDemoInfo(),
    atlassianAdmin: { url: `${origin}/__standin/atlassian-admin`, orgId: jitSeed.atlassian.orgId, apiKey: jitSeed.atlassian.apiKey },
    // What to type in "Access target" on a "Temporary elevated access" request.
    jit: { targets: Object.values(JIT_DEMO_TARGET_NAMES) },
  });

  const routes = new Hono();
  routes.route('/', createControlApi(platform, endpoints));
  routes.route('/__standin/okta', okta.app);
  routes.route('/__standin/aws', aws.app);
  routes.route('/__standin/atlassian-admin', atlassianAdmin.app);
  routes.get('/__sandbox/slack/messages', (c) => c.json({ messages: slack.messages() }));
  routes.route(
    '/',
    createBridgeRoutes({
      getContext: (token) => frames.getContext(token),
      invoke: (token, functionKey, payload) => frames.invoke(token, functionKey, payload),
      fetchProduct: (token, request) => frames.fetchProduct(token, request),
    }),
  );
  routes.route(
    '/',
    createResourceRoutes({ projectRoot, resources: platform.manifest.resources, bridgeUrl: '/__sandbox/bridge', isValidFrameToken: (t) => frames.isValid(t) }),
  );
  routes.all('/x1/:id/*', (c) => {
    const id = c.req.param('id');
    const userPath = new URL(c.req.url).pathname.slice(`/x1/${id}`.length);
    return platform.handleWebTrigger(id, userPath, c.req.raw);
  });
  routes.all('/x1/:id', (c) => platform.handleWebTrigger(c.req.param('id'), '', c.req.raw));
  routes.route('/', createWebUi({ jira, platform, frames, seed, origin: () => origin }));
  routes.route('/', jira.app);
  routes.onError((error, c) => {
    if (error instanceof FrameTokenError) return c.json({ error: error.message }, 403);
    console.error('sandbox request failed', error);
    return c.json({ error: 'sandbox internal error' }, 500);
  });

  mounted.app = routes;
  if (!saved) await configureAppForDemo({ platform, jiraSeed: seed, oktaSeed, slack, aws, awsSeed, jitSeed });
  platform.start();

  const persist = () =>
    stateFile?.save({
      version: 1,
      virtualNow: clock.now(),
      platform: platform.snapshot(),
      jira: jira.snapshot(),
      standIns: { okta: okta.snapshot(), slack: slack.snapshot(), aws: aws.snapshot(), atlassianAdmin: atlassianAdmin.snapshot() },
      seed,
      oktaSeed,
      awsSeed,
    });
  const saver = stateFile ? setInterval(persist, SAVE_INTERVAL_MS) : undefined;
  saver?.unref();

  return {
    url: origin,
    platform,
    jira,
    okta,
    slack,
    aws,
    awsSeed,
    atlassianAdmin,
    jitSeed,
    seed,
    oktaSeed,
    frames,
    endpoints,
    close: async () => {
      if (saver) clearInterval(saver);
      platform.stop();
      persist();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      restoreDate();
    },
  };
}
