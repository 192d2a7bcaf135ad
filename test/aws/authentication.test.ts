import { ListRootsCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { createAwsHarness, sdkError, type AwsHarness, type Credentials } from './helpers/aws-harness';
import { presigned, signed, withBody, type RawCall } from './helpers/sign';

const ORGS = 'https://organizations.us-east-1.amazonaws.com/';
const STS = 'https://sts.us-east-1.amazonaws.com/';

/**
 * SigV4 on the wire: what the stand-in answers for each authentication failure, in each
 * protocol's own error names (awsJson for Organizations, awsQuery for STS).
 */
describe('AWS stand-in: SigV4 authentication', () => {
  let h: AwsHarness;
  beforeEach(() => {
    h = createAwsHarness();
  });
  afterEach(() => h.close());

  const orgsCall = (credentials: Credentials, extra: Partial<RawCall> = {}): RawCall => ({
    url: ORGS,
    credentials,
    service: 'organizations',
    signingDateMs: h.clock.now(),
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSOrganizationsV20161128.ListRoots' },
    body: '{}',
    ...extra,
  });
  const stsCall = (credentials: Credentials, extra: Partial<RawCall> = {}): RawCall => ({
    url: STS,
    credentials,
    service: 'sts',
    signingDateMs: h.clock.now(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    ...extra,
  });
  const json = async (response: Response) => ({ status: response.status, type: response.headers.get('x-amzn-errortype'), body: (await response.json()) as Record<string, unknown> });
  const xmlCode = async (response: Response) => ({ status: response.status, code: /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1] });

  test('a correctly signed request is served', async () => {
    expect((await h.aws.handle(await signed(orgsCall(h.seed.orgAdmin)))).status).toBe(200);
    expect((await h.aws.handle(await signed(stsCall(h.seed.orgAdmin)))).status).toBe(200);
  });

  test('no authentication → MissingAuthenticationToken(Exception)', async () => {
    const call = orgsCall(h.seed.orgAdmin);
    const unsignedOrgs = new Request(ORGS, { method: 'POST', headers: call.headers, body: call.body });
    expect(await json(await h.aws.handle(unsignedOrgs))).toMatchObject({ status: 403, type: 'MissingAuthenticationTokenException' });
    const unsignedSts = new Request(STS, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    const sts = await h.aws.handle(unsignedSts);
    expect(sts.headers.get('content-type')).toBe('text/xml');
    expect(await xmlCode(sts)).toEqual({ status: 403, code: 'MissingAuthenticationToken' });
  });

  test('an unknown access key → UnrecognizedClientException / InvalidClientTokenId (through the SDK)', async () => {
    const bogus = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    expect(await sdkError(h.organizations(bogus, undefined, 1).send(new ListRootsCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', $metadata: { httpStatusCode: 400 } });
    expect(await sdkError(h.sts(bogus).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', $metadata: { httpStatusCode: 403 } });
  });

  test('a wrong secret → InvalidSignatureException / SignatureDoesNotMatch (through the SDK)', async () => {
    const wrong = { ...h.seed.orgAdmin, secretAccessKey: `${h.seed.orgAdmin.secretAccessKey.slice(0, -1)}x` };
    expect(await sdkError(h.organizations(wrong, undefined, 1).send(new ListRootsCommand({})))).toMatchObject({ name: 'InvalidSignatureException', $metadata: { httpStatusCode: 403 } });
    expect(await sdkError(h.sts(wrong).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
  });

  test('a request signed more than 5 minutes from the clock is refused, either way', async () => {
    const past = await h.aws.handle(await signed(orgsCall(h.seed.orgAdmin, { signingDateMs: h.clock.now() - 6 * 60_000 })));
    const pastBody = await json(past);
    expect(pastBody).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    expect(String(pastBody.body.message)).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const future = await h.aws.handle(await signed(stsCall(h.seed.orgAdmin, { signingDateMs: h.clock.now() + 6 * 60_000 })));
    expect(await xmlCode(future)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    // Within the window is fine.
    expect((await h.aws.handle(await signed(orgsCall(h.seed.orgAdmin, { signingDateMs: h.clock.now() - 4 * 60_000 })))).status).toBe(200);
  });

  test('a body changed after signing is refused (hashed into the signature, or against x-amz-content-sha256)', async () => {
    const request = await signed(orgsCall(h.seed.orgAdmin));
    expect(await json(await h.aws.handle(await withBody(request, '{ }')))).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    expect(request.headers.get('x-amz-content-sha256')).toMatch(/^[0-9a-f]{64}$/);
    const noHeader = new Request(request.url, { method: 'POST', headers: [...request.headers].filter(([n]) => n !== 'x-amz-content-sha256'), body: '{ }' });
    expect(await json(await h.aws.handle(noHeader))).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
    const sts = await signed(stsCall(h.seed.orgAdmin));
    expect(await xmlCode(await h.aws.handle(await withBody(sts, 'Action=GetCallerIdentity&Version=2011-06-15&X=1')))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  test('a signature scoped to another region or service is refused', async () => {
    const otherRegion = await json(await h.aws.handle(await signed(orgsCall(h.seed.orgAdmin, { region: 'eu-west-1' }))));
    expect(otherRegion).toMatchObject({ status: 403, type: 'InvalidSignatureException', body: { message: "Credential should be scoped to a valid region, not 'eu-west-1'. " } });
    const otherService = await json(await h.aws.handle(await signed(orgsCall(h.seed.orgAdmin, { service: 'iam' }))));
    expect(otherService).toMatchObject({ status: 403, type: 'InvalidSignatureException' });
  });

  test('session credentials with a wrong or missing token are refused', async () => {
    const session = await h.automationCredentials();
    const wrongToken = await json(await h.aws.handle(await signed(orgsCall({ ...session, sessionToken: `${session.sessionToken}x` }))));
    expect(wrongToken).toMatchObject({ status: 400, type: 'UnrecognizedClientException' });
    const { sessionToken: _omit, ...withoutToken } = session;
    expect(await json(await h.aws.handle(await signed(orgsCall(withoutToken))))).toMatchObject({ status: 400, type: 'UnrecognizedClientException' });
    expect((await h.aws.handle(await signed(orgsCall(session)))).status).toBe(200);
  });

  test('presigned query form: a presigned STS GET is served until it expires', async () => {
    const call = stsCall(h.seed.provisio, { method: 'GET', url: `${STS}?Action=GetCallerIdentity&Version=2011-06-15`, body: undefined, headers: {} });
    const request = await presigned({ ...call, expiresIn: 300 });
    expect(new URL(request.url).searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(request.headers.get('authorization')).toBeNull();
    const ok = await h.aws.handle(request.clone());
    const text = await ok.text();
    expect(ok.status).toBe(200);
    expect(text).toContain(`<Arn>${h.seed.provisio.arn}</Arn>`);
    h.clock.advance(301_000);
    const late = await h.aws.handle(request.clone());
    expect(await late.text()).toContain('<Message>Request has expired</Message>');
    expect(late.status).toBe(403);
  });

  test('every answer carries a request id and the virtual date, and is logged', async () => {
    const response = await h.aws.handle(await signed(orgsCall(h.seed.orgAdmin)));
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(response.headers.get('date') ?? '')).toBeGreaterThan(h.clock.now() - 2000);
    expect(h.aws.requestLog().at(-1)).toMatchObject({ service: 'organizations', action: 'ListRoots', principalArn: h.seed.orgAdmin.arn, status: 200 });
  });
});
