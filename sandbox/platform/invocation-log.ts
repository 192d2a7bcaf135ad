/** One Forge function invocation as the platform saw it (GET /__sandbox/invocations). */
export interface InvocationRecord {
  invocationId: string;
  functionKey: string;
  moduleKey: string;
  moduleType: string;
  /** Virtual ISO times, as the app saw them. */
  start: string;
  end?: string;
  /** Real wall-clock duration, which is what Forge's time limits measure. */
  durationMs?: number;
  outcome: 'running' | 'success' | 'error' | 'timeout' | 'retry-requested';
  error?: string;
  principalAccountId?: string;
  /** Calls the invocation made, by target ('jira', 'kvs', 'queue', or the external host). */
  calls: Record<string, number>;
  logs: { level: string; message: string }[];
}

const MAX_RECORDS = 20_000;

export class InvocationLog {
  private readonly records: InvocationRecord[] = [];

  add(record: InvocationRecord): void {
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  list(filter: { functionKey?: string; moduleType?: string } = {}): InvocationRecord[] {
    return this.records.filter(
      (r) => (!filter.functionKey || r.functionKey === filter.functionKey) && (!filter.moduleType || r.moduleType === filter.moduleType),
    );
  }

  clear(): void {
    this.records.length = 0;
  }
}
