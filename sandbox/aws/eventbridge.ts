import type { Clock } from '../platform/clock';
import type { CloudTrailRecord } from './cloudtrail';
import type { IdGenerator } from './ids';

/** An EventBridge event as buses carry it and targets receive it. */
export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface EventRule {
  name: string;
  arn: string;
  eventBusName: string;
  /** The pattern as JSON text, as PutRule takes it. */
  eventPattern: string;
  state: 'ENABLED' | 'DISABLED';
  targets: { id: string; arn: string }[];
}

export interface EventBridgeState {
  rules: EventRule[];
  /** Per rule: events matched and deliveries that failed (FailedInvocations). */
  metrics: Record<string, { matched: number; failed: number }>;
}

/** Delivers one event to a target ARN; false when the target refused it (e.g. its policy). */
export type TargetDelivery = (targetArn: string, event: EventBridgeEvent) => boolean;

/**
 * EventBridge's default bus with rules and targets: CloudTrail records become "AWS API Call via
 * CloudTrail" events (read-only calls are not delivered, as for rules without the read-only
 * opt-in), each rule whose pattern matches forwards the event to its targets. The rules are
 * set up by the seed (the customer's infra), not through an API.
 */
export class EventBridgeModel {
  private state: EventBridgeState = { rules: [], metrics: {} };

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly deliver: TargetDelivery,
  ) {}

  putRule(input: { name: string; accountId: string; region: string; eventPattern: unknown; eventBusName?: string; state?: EventRule['state'] }): EventRule {
    const pattern = typeof input.eventPattern === 'string' ? input.eventPattern : JSON.stringify(input.eventPattern);
    JSON.parse(pattern);
    const bus = input.eventBusName ?? 'default';
    const arn = `arn:aws:events:${input.region}:${input.accountId}:rule/${bus === 'default' ? '' : `${bus}/`}${input.name}`;
    const existing = this.state.rules.find((r) => r.arn === arn);
    if (existing) {
      existing.eventPattern = pattern;
      existing.state = input.state ?? existing.state;
      return structuredClone(existing);
    }
    const rule: EventRule = { name: input.name, arn, eventBusName: bus, eventPattern: pattern, state: input.state ?? 'ENABLED', targets: [] };
    this.state.rules.push(rule);
    return structuredClone(rule);
  }

  putTargets(ruleArn: string, targets: { id: string; arn: string }[]): void {
    const rule = this.state.rules.find((r) => r.arn === ruleArn);
    if (!rule) throw new Error(`no rule ${ruleArn}`);
    for (const target of targets) {
      rule.targets = rule.targets.filter((t) => t.id !== target.id);
      rule.targets.push({ ...target });
    }
  }

  rules(): EventRule[] {
    return structuredClone(this.state.rules);
  }

  metrics(ruleName: string): { matched: number; failed: number } {
    return { ...(this.state.metrics[ruleName] ?? { matched: 0, failed: 0 }) };
  }

  /** CloudTrail hands over a management event; EventBridge wraps it and routes it. */
  fromCloudTrail(record: CloudTrailRecord, source: string): EventBridgeEvent | undefined {
    if (record.readOnly) return undefined;
    const event: EventBridgeEvent = {
      version: '0',
      id: this.ids.uuid(),
      'detail-type': 'AWS API Call via CloudTrail',
      source,
      account: String(record.recipientAccountId ?? ''),
      time: record.eventTime,
      region: String(record.awsRegion ?? ''),
      resources: [],
      detail: record,
    };
    this.putEvent(event);
    return event;
  }

  putEvent(event: EventBridgeEvent): void {
    for (const rule of this.state.rules) {
      if (rule.state !== 'ENABLED' || !matchesPattern(JSON.parse(rule.eventPattern) as Record<string, unknown>, event as unknown as Record<string, unknown>)) continue;
      const metrics = (this.state.metrics[rule.name] ??= { matched: 0, failed: 0 });
      metrics.matched += 1;
      for (const target of rule.targets) if (!this.deliver(target.arn, event)) metrics.failed += 1;
    }
  }

  now(): number {
    return this.clock.now();
  }

  snapshot(): EventBridgeState {
    return structuredClone(this.state);
  }

  restore(state: EventBridgeState): void {
    this.state = structuredClone(state);
  }
}

/**
 * EventBridge pattern matching: every field named in the pattern must match; a list of values
 * matches when any one does (and an event array matches when any element does); objects match
 * recursively; `prefix`, `suffix`, `anything-but`, `exists` and `equals-ignore-case` filters.
 */
export function matchesPattern(pattern: Record<string, unknown>, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) return expected.some((rule) => matchesValue(rule, actual));
    if (typeof expected === 'object' && expected !== null) {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
      return matchesPattern(expected as Record<string, unknown>, actual as Record<string, unknown>);
    }
    return false;
  });
}

function matchesValue(rule: unknown, actual: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((a) => matchesValue(rule, a));
  if (rule === null || typeof rule !== 'object') return actual === rule;
  const [[kind, arg]] = Object.entries(rule as Record<string, unknown>) as [[string, unknown]];
  switch (kind) {
    case 'exists':
      return (actual !== undefined) === arg;
    case 'prefix':
      return typeof actual === 'string' && typeof arg === 'string' && actual.startsWith(arg);
    case 'suffix':
      return typeof actual === 'string' && typeof arg === 'string' && actual.endsWith(arg);
    case 'equals-ignore-case':
      return typeof actual === 'string' && typeof arg === 'string' && actual.toLowerCase() === arg.toLowerCase();
    case 'anything-but':
      if (actual === undefined) return false;
      return Array.isArray(arg) ? !arg.includes(actual) : typeof arg === 'object' && arg !== null ? !matchesValue(arg, actual) : actual !== arg;
    default:
      return false;
  }
}
