import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { EntityDefinition } from './kvs';

/** The parts of manifest.yml the local platform acts on, read once at start. */
export interface FunctionModule {
  key: string;
  /** '<module>.<export>', resolved under src/. */
  handler: string;
  timeoutSeconds?: number;
}

export interface TriggerModule {
  key: string;
  function: string;
  events: string[];
  ignoreSelf: boolean;
}

export type ScheduleInterval = 'fiveMinute' | 'hour' | 'day' | 'week';

export interface ScheduledTriggerModule {
  key: string;
  function: string;
  interval: ScheduleInterval;
}

export interface WebTriggerModule {
  key: string;
  function: string;
}

export interface ConsumerModule {
  key: string;
  queue: string;
  function: string;
}

export interface UiModule {
  key: string;
  type: string;
  resource: string;
  resolverFunction?: string;
  title: string;
}

export interface ResourceDefinition {
  key: string;
  path: string;
}

export interface AppManifest {
  appId: string;
  runtimeName: string;
  functions: Map<string, FunctionModule>;
  triggers: TriggerModule[];
  scheduledTriggers: ScheduledTriggerModule[];
  webTriggers: WebTriggerModule[];
  consumers: ConsumerModule[];
  uiModules: UiModule[];
  resources: ResourceDefinition[];
  scopes: string[];
  egressBackend: string[];
  entities: EntityDefinition[];
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

type Yaml = Record<string, unknown>;
const asArray = (value: unknown): Yaml[] => (Array.isArray(value) ? (value as Yaml[]) : []);
const asString = (value: unknown, what: string): string => {
  if (typeof value !== 'string' || value === '') throw new ManifestError(`manifest: ${what} must be a non-empty string`);
  return value;
};

const UI_MODULE_TYPES = ['jira:issuePanel', 'jira:adminPage', 'jira:issueContext', 'jira:projectSettingsPage', 'jira:globalPage'];
const INTERVALS: ScheduleInterval[] = ['fiveMinute', 'hour', 'day', 'week'];

/** Egress entries may be strings or `{address}` objects (manifest schema `EgressPermission`). */
function egressAddresses(value: unknown): string[] {
  return asArray(value).map((entry) =>
    typeof entry === 'string' ? entry : asString((entry as Yaml).address, 'egress address'),
  );
}

export function parseManifest(text: string): AppManifest {
  const doc = (parse(text) ?? {}) as Yaml;
  const modules = (doc.modules ?? {}) as Yaml;
  const app = (doc.app ?? {}) as Yaml;
  const permissions = (doc.permissions ?? {}) as Yaml;
  const external = (permissions.external ?? {}) as Yaml;
  const fetchPermissions = (external.fetch ?? {}) as Yaml;
  const storage = (app.storage ?? {}) as Yaml;

  const functions = new Map<string, FunctionModule>();
  for (const fn of asArray(modules.function)) {
    const key = asString(fn.key, 'function key');
    const handler = asString(fn.handler, `function ${key} handler`);
    if (handler.split('.').length !== 2) throw new ManifestError(`manifest: handler '${handler}' must be '<module>.<export>'`);
    functions.set(key, { key, handler, timeoutSeconds: typeof fn.timeoutSeconds === 'number' ? fn.timeoutSeconds : undefined });
  }

  const triggers = asArray(modules.trigger).map((t) => ({
    key: asString(t.key, 'trigger key'),
    function: asString(t.function, 'trigger function'),
    events: asArray(t.events).map((e) => (typeof e === 'string' ? e : asString((e as Yaml).eventType, 'trigger event'))),
    ignoreSelf: ((t.filter ?? {}) as Yaml).ignoreSelf === true,
  }));

  const scheduledTriggers = asArray(modules.scheduledTrigger).map((t) => {
    const interval = t.interval as ScheduleInterval;
    if (!INTERVALS.includes(interval)) throw new ManifestError(`manifest: scheduled trigger interval '${String(t.interval)}'`);
    return { key: asString(t.key, 'scheduledTrigger key'), function: asString(t.function, 'scheduledTrigger function'), interval };
  });

  const uiModules: UiModule[] = [];
  for (const type of UI_MODULE_TYPES) {
    for (const m of asArray(modules[type])) {
      const resolver = (m.resolver ?? {}) as Yaml;
      uiModules.push({
        key: asString(m.key, `${type} key`),
        type,
        resource: asString(m.resource, `${type} resource`),
        resolverFunction: typeof resolver.function === 'string' ? resolver.function : undefined,
        title: typeof m.title === 'string' ? m.title : String(m.key),
      });
    }
  }

  return {
    appId: asString(app.id, 'app.id'),
    runtimeName: asString(((app.runtime ?? {}) as Yaml).name, 'app.runtime.name'),
    functions,
    triggers,
    scheduledTriggers,
    webTriggers: asArray(modules.webtrigger).map((w) => ({ key: asString(w.key, 'webtrigger key'), function: asString(w.function, 'webtrigger function') })),
    consumers: asArray(modules.consumer).map((c) => ({
      key: asString(c.key, 'consumer key'),
      queue: asString(c.queue, 'consumer queue'),
      function: asString(c.function, 'consumer function'),
    })),
    uiModules,
    resources: asArray(doc.resources).map((r) => ({ key: asString(r.key, 'resource key'), path: asString(r.path, 'resource path') })),
    scopes: asArray(permissions.scopes).map((s) => String(s)),
    egressBackend: egressAddresses(fetchPermissions.backend),
    entities: asArray(storage.entities) as unknown as EntityDefinition[],
  };
}

export function loadManifest(projectRoot: string): AppManifest {
  return parseManifest(readFileSync(path.join(projectRoot, 'manifest.yml'), 'utf8'));
}
