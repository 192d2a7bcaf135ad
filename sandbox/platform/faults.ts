/**
 * Faults a test or demo injects through POST /__sandbox/faults. Each rule applies to the next
 * `count` matching deliveries or requests (deterministic, so tests can assert exact outcomes).
 */
export type DeliveryFaultKind = 'drop' | 'duplicate' | 'delay';

export interface DeliveryFaultRule {
  kind: DeliveryFaultKind;
  /** How many matching deliveries this rule affects. */
  count: number;
  /** Product events: the event type; queue deliveries: the queue name. Absent matches all. */
  match?: string;
  /** For 'delay': how much later (virtual seconds) the delivery happens. */
  delaySeconds?: number;
}

export interface StandInFaultRule {
  /** A stand-in name ('jira', 'okta', 'aws', …) as listed by GET /__sandbox/endpoints. */
  target: string;
  count: number;
  /** Answer with this HTTP status instead of calling the stand-in. */
  status?: number;
  /** Extra real latency before answering. */
  latencyMs?: number;
  pathPrefix?: string;
  method?: string;
  /** Let the call happen, then kill the invocation that made it (a crash right after a side effect). */
  crashAfter?: boolean;
  /** Extra response headers for the injected status (e.g. Retry-After). */
  headers?: Record<string, string>;
  body?: string;
}

export interface FaultPlan {
  productEvents?: DeliveryFaultRule[];
  queueDeliveries?: DeliveryFaultRule[];
  standIns?: StandInFaultRule[];
}

export class FaultError extends Error {
  override readonly name = 'FaultError';
}

const KINDS: DeliveryFaultKind[] = ['drop', 'duplicate', 'delay'];

function validCount(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 100_000) {
    throw new FaultError(`${where}.count must be an integer from 1 to 100000`);
  }
  return value;
}

function parseDeliveryRules(value: unknown, where: string): DeliveryFaultRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new FaultError(`${where} must be an array`);
  return value.map((raw: Record<string, unknown>, i) => {
    const at = `${where}[${i}]`;
    if (!KINDS.includes(raw.kind as DeliveryFaultKind)) throw new FaultError(`${at}.kind must be one of ${KINDS.join(', ')}`);
    if (raw.match !== undefined && typeof raw.match !== 'string') throw new FaultError(`${at}.match must be a string`);
    if (raw.kind === 'delay' && (typeof raw.delaySeconds !== 'number' || raw.delaySeconds <= 0)) {
      throw new FaultError(`${at}.delaySeconds must be a positive number`);
    }
    return {
      kind: raw.kind as DeliveryFaultKind,
      count: validCount(raw.count, at),
      ...(raw.match !== undefined ? { match: raw.match as string } : {}),
      ...(raw.delaySeconds !== undefined ? { delaySeconds: raw.delaySeconds as number } : {}),
    };
  });
}

function parseStandInRules(value: unknown): StandInFaultRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new FaultError('standIns must be an array');
  return value.map((raw: Record<string, unknown>, i) => {
    const at = `standIns[${i}]`;
    if (typeof raw.target !== 'string' || raw.target === '') throw new FaultError(`${at}.target must name a stand-in`);
    if (raw.status !== undefined && (typeof raw.status !== 'number' || raw.status < 100 || raw.status > 599)) {
      throw new FaultError(`${at}.status must be an HTTP status`);
    }
    if (raw.latencyMs !== undefined && (typeof raw.latencyMs !== 'number' || raw.latencyMs < 0 || raw.latencyMs > 120_000)) {
      throw new FaultError(`${at}.latencyMs must be from 0 to 120000`);
    }
    if (raw.crashAfter !== undefined && typeof raw.crashAfter !== 'boolean') throw new FaultError(`${at}.crashAfter must be a boolean`);
    if (raw.crashAfter && raw.status !== undefined) throw new FaultError(`${at}: crashAfter lets the call through, so it takes no status`);
    if (raw.status === undefined && raw.latencyMs === undefined && !raw.crashAfter) throw new FaultError(`${at} needs a status, a latencyMs or crashAfter`);
    return { ...(raw as unknown as StandInFaultRule), count: validCount(raw.count, at) };
  });
}

export class Faults {
  private productEvents: DeliveryFaultRule[] = [];
  private queueDeliveries: DeliveryFaultRule[] = [];
  private standIns: StandInFaultRule[] = [];

  /** Adds rules after validating the whole plan; a bad plan changes nothing. */
  add(plan: unknown): void {
    if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) throw new FaultError('a fault plan must be a JSON object');
    const p = plan as Record<string, unknown>;
    const unknownKeys = Object.keys(p).filter((k) => !['productEvents', 'queueDeliveries', 'standIns'].includes(k));
    if (unknownKeys.length) throw new FaultError(`unknown fault kinds: ${unknownKeys.join(', ')}`);
    const productEvents = parseDeliveryRules(p.productEvents, 'productEvents');
    const queueDeliveries = parseDeliveryRules(p.queueDeliveries, 'queueDeliveries');
    const standIns = parseStandInRules(p.standIns);
    this.productEvents.push(...productEvents);
    this.queueDeliveries.push(...queueDeliveries);
    this.standIns.push(...standIns);
  }

  clear(): void {
    this.productEvents = [];
    this.queueDeliveries = [];
    this.standIns = [];
  }

  active(): FaultPlan {
    return { productEvents: this.productEvents, queueDeliveries: this.queueDeliveries, standIns: this.standIns };
  }

  takeProductEventFault(eventType: string): DeliveryFaultRule | undefined {
    return take(this.productEvents, (r) => !r.match || r.match === eventType);
  }

  takeQueueFault(queueName: string): DeliveryFaultRule | undefined {
    return take(this.queueDeliveries, (r) => !r.match || r.match === queueName);
  }

  takeStandInFault(target: string, method: string, pathname: string): StandInFaultRule | undefined {
    return take(
      this.standIns,
      (r) => r.target === target && (!r.method || r.method.toUpperCase() === method.toUpperCase()) && (!r.pathPrefix || pathname.startsWith(r.pathPrefix)),
    );
  }
}

function take<T extends { count: number }>(rules: T[], matches: (rule: T) => boolean): T | undefined {
  const rule = rules.find(matches);
  if (!rule) return undefined;
  rule.count -= 1;
  if (rule.count <= 0) rules.splice(rules.indexOf(rule), 1);
  return { ...rule };
}
