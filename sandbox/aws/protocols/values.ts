/**
 * A point in time in an operation's output. Handlers return these instead of Date objects so
 * each protocol can render its own timestamp format (awsJson: epoch seconds, awsQuery: ISO 8601),
 * and so nothing depends on which Date constructor (real or virtual) made the value.
 */
export class Timestamp {
  constructor(readonly epochMs: number) {}

  epochSeconds(): number {
    return this.epochMs / 1000;
  }

  iso8601(): string {
    return new Date(this.epochMs).toISOString();
  }
}

export const timestamp = (epochMs: number): Timestamp => new Timestamp(epochMs);

/** What a handler returns: members by their model names; undefined members are left out. */
export type OutputValue = string | number | boolean | Timestamp | undefined | OutputValue[] | { [member: string]: OutputValue };
export type OperationOutput = { [member: string]: OutputValue };
