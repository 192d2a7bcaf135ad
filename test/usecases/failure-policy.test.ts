import { AwsApiError } from '../../src/adapters/aws/aws-errors';
import { OktaRateLimitedError } from '../../src/adapters/okta/okta-errors';
import { InvalidInputError, UpstreamError } from '../../src/domain/errors';
import { classifyExportFailure, retryDelaySeconds } from '../../src/usecases/export-failures';
import { classifyFailure, secondsUntilRetry } from '../../src/usecases/failure-policy';

/** One classification for every flow: onboarding, vending, JIT, secret audit, export and the triggers' redelivery. */
describe('classifyFailure', () => {
  test.each([
    ['a 503', 'transient', new UpstreamError('Jira answered 503', 503)],
    ['a 429', 'transient', new UpstreamError('slow down', 429)],
    ['no answer at all', 'transient', new UpstreamError('no answer', undefined)],
    ['a 404', 'permanent', new UpstreamError('no such group', 404)],
    ['AWS throttling, answered with a 400', 'transient', new AwsApiError('AWS is busy', 400, 'TooManyRequestsException', true)],
    ['an AWS refusal that came as a 500', 'permanent', new AwsApiError('denied', 500, 'AccessDeniedException', false)],
    ['a lost optimistic-locking race', 'transient', Object.assign(new Error('changed meanwhile'), { name: 'ConcurrentUpdateError' })],
    ['bad input', 'permanent', new InvalidInputError('the login is not an email')],
    ['a bug or platform trouble', 'transient', new TypeError('x is undefined')],
  ] as const)('%s is %s', (_label, kind, error) => {
    expect(classifyFailure(error)).toMatchObject({ kind, reason: error.message });
  });

  test('a rate limit keeps the time the server named', () => {
    expect(classifyFailure(new OktaRateLimitedError(1_700_000_060_000, 'E0000047'))).toEqual({ kind: 'transient', retryAt: 1_700_000_060_000, reason: expect.stringContaining('rate limit') });
  });

  test('seconds until a retry: rounded up, at least one, else the fallback', () => {
    expect(secondsUntilRetry({ retryAt: 10_500 }, 0, 30)).toBe(11);
    expect(secondsUntilRetry({ retryAt: 0 }, 5_000, 30)).toBe(1);
    expect(secondsUntilRetry({}, 0, 30)).toBe(30);
  });
});

describe('the export’s view of the same classification', () => {
  test('a lost race is its own kind; the rest follow classifyFailure', () => {
    expect(classifyExportFailure(Object.assign(new Error('changed'), { name: 'ConcurrentUpdateError' }))).toEqual({ kind: 'lost-race', message: 'changed' });
    expect(classifyExportFailure(new AwsApiError('slow down', 400, 'SlowDown', true))).toEqual({ kind: 'transient', message: 'slow down' });
    expect(classifyExportFailure(new AwsApiError('no bucket', 404, 'NoSuchBucket', false))).toEqual({ kind: 'permanent', message: 'no bucket' });
  });

  test('retry delays double from 15 s and stop at Forge’s 900 s cap, unless the server named a time', () => {
    expect([1, 2, 3, 7].map((attempt) => retryDelaySeconds({}, attempt, 0))).toEqual([15, 30, 60, 900]);
    expect(retryDelaySeconds({ retryAt: 42_000 }, 5, 0)).toBe(42);
    expect(retryDelaySeconds({ retryAt: 5_000_000 }, 1, 0)).toBe(900);
  });
});
