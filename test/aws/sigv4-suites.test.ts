import { SigV4Error, type SigV4FailureKind } from '../../sandbox/aws/sigv4/errors';
import type { ReceivedRequest } from '../../sandbox/aws/sigv4/received-request';
import { verifySigV4 } from '../../sandbox/aws/sigv4/verify';
import { describeWithContracts } from '../helpers/contracts';
import { classicSuiteCases, crtSuiteCases, type SuiteCase } from './helpers/sigv4-suite-cases';

/**
 * Every signed request of both official SigV4 suites must verify with the case's own
 * credentials, time, region and service, and must stop verifying when one byte of the body, a
 * signed header or the key changes.
 */
function verify(c: SuiteCase, request: ReceivedRequest = c.request, secret = c.secretAccessKey) {
  return verifySigV4(request, {
    nowMs: c.nowMs,
    normalizePath: c.normalize,
    expectedScope: { region: c.region, service: c.service },
    resolve: (accessKeyId) => {
      if (accessKeyId !== c.accessKeyId) throw new SigV4Error('unknown-access-key', 'The security token included in the request is invalid.');
      return { secretAccessKey: secret };
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<SigV4FailureKind | 'accepted'> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    if (error instanceof SigV4Error) return error.kind;
    throw error;
  }
}

function withBodyByteChanged(request: ReceivedRequest): ReceivedRequest {
  const body = request.body.length === 0 ? Uint8Array.of(0x78) : Uint8Array.from(request.body, (b, i) => (i === 0 ? b ^ 0x01 : b));
  return { ...request, body };
}

function withSignedHeaderChanged(request: ReceivedRequest): ReceivedRequest {
  // Every case signs `host`; change one byte of its value.
  const headers = request.headers.map(([n, v]) => [n, n.toLowerCase() === 'host' ? `x${v.slice(1)}` : v] as const);
  return { ...request, headers };
}

function withAccessKeyChanged(request: ReceivedRequest): ReceivedRequest {
  const swap = (text: string) => text.replace('AKIDEXAMPLE', 'AKIDEXAMPLF');
  return {
    ...request,
    rawQuery: swap(request.rawQuery),
    headers: request.headers.map(([n, v]) => [n, n.toLowerCase() === 'authorization' ? swap(v) : v] as const),
  };
}

const MISMATCH: SigV4FailureKind[] = ['signature-mismatch', 'payload-hash-mismatch'];

describeWithContracts('SigV4 verification against the official AWS test suites', () => {
  const suites: [string, () => SuiteCase[]][] = [
    ['aws-sig-v4-test-suite (classic)', classicSuiteCases],
    ['aws-c-auth signing test suite (header and presigned forms)', crtSuiteCases],
  ];
  for (const [suiteName, load] of suites) {
    describe(suiteName, () => {
      const cases = load();
      test('finds the suite cases', () => {
        expect(cases.length).toBeGreaterThanOrEqual(suiteName.includes('classic') ? 31 : 76);
      });
      describe.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
        test('accepts the signed request', async () => {
          await expect(verify(c)).resolves.toMatchObject({ claims: { accessKeyId: c.accessKeyId, form: c.form } });
        });
        test('rejects it with one body byte changed', async () => {
          expect(MISMATCH).toContain(await rejection(verify(c, withBodyByteChanged(c.request))));
        });
        test('rejects it with a signed header changed', async () => {
          expect(await rejection(verify(c, withSignedHeaderChanged(c.request)))).toBe('signature-mismatch');
        });
        test('rejects it with a different secret key', async () => {
          expect(await rejection(verify(c, c.request, `${c.secretAccessKey.slice(0, -1)}Z`))).toBe('signature-mismatch');
        });
        test('rejects it with a different access key id', async () => {
          expect(await rejection(verify(c, withAccessKeyChanged(c.request)))).toBe('unknown-access-key');
        });
      });
    });
  }
});
