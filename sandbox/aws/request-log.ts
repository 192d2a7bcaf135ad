/** One call the stand-in answered, for tests and benchmarks (calls per account, per action). */
export interface AwsRequestLogEntry {
  service: string;
  /** The operation named by the request ('' when none could be read). */
  action: string;
  /** The authenticated caller ('' when authentication failed). */
  principalArn: string;
  status: number;
  /** The error code when status is not 200. */
  errorCode?: string;
  /** Virtual time of the call. */
  atMs: number;
}
