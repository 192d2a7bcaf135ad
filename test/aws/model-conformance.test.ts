import * as codebuildSdk from '@aws-sdk/client-codebuild';
import { createAwsStandIn } from '../../sandbox/aws';
import { VirtualClock } from '../../sandbox/platform/clock';
import { contractPath, describeWithContracts } from '../helpers/contracts';
import { createAwsHarness, type AwsHarness } from './helpers/aws-harness';
import { runConformanceScenario } from './helpers/conformance-scenario';
import { runSecretAuditConformanceScenario } from './helpers/secret-audit-scenario';
import { runIdentityCenterConformanceScenario } from './helpers/identity-center-scenario';
import { runS3ConformanceScenario } from './helpers/s3-scenario';
import type { WireExchange } from './helpers/in-process-handler';
import { checkJson, checkXml, type Problem } from './smithy/check-shapes';
import { astFromSdkSchemas } from './smithy/sdk-schema';
import { shortName, SmithyModel } from './smithy/smithy-model';
import { parseXml } from './smithy/xml-tree';

/**
 * Every answer the stand-in gave during a scenario that calls each served operation (and its
 * failure modes) is checked against the service's Smithy model: success bodies against the
 * operation's output shape, errors against the errors the operation declares (or AWS's
 * documented common errors) and their structures and HTTP statuses.
 */

/** Errors every AWS endpoint may answer, documented as "Common Errors" rather than modeled per operation. */
const COMMON_ERRORS = {
  awsJson: ['AccessDeniedException', 'IncompleteSignatureException', 'InternalFailure', 'InvalidSignatureException', 'MissingAuthenticationTokenException', 'ExpiredTokenException', 'UnrecognizedClientException', 'UnknownOperationException', 'SerializationException', 'ThrottlingException', 'ValidationException'],
  awsQuery: ['AccessDenied', 'IncompleteSignature', 'InternalFailure', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'MissingAuthenticationToken', 'ExpiredToken', 'ValidationError', 'InvalidAction', 'MissingAction', 'Throttling', 'RequestExpired'],
  // S3's "List of error codes" (S3 models almost none of its errors per operation).
  restXml: ['AccessDenied', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'InvalidToken', 'ExpiredToken', 'AuthorizationHeaderMalformed', 'XAmzContentSHA256Mismatch', 'RequestTimeTooSkewed', 'BadDigest', 'InvalidArgument', 'InvalidRequest', 'KeyTooLongError', 'NotImplemented', 'InternalError', 'SlowDown'],
};

interface ServiceUnderTest {
  protocol: 'awsJson' | 'awsQuery' | 'restXml';
  model: SmithyModel;
  /** Whether the model is the official Smithy AST (constraints, enums, required) or rebuilt from the SDK (shapes only). */
  source: 'contracts' | 'sdk';
}

const served = createAwsStandIn({ clock: new VirtualClock(0) }).servedOperations();

function serviceOf(exchange: WireExchange): string {
  return new URL(exchange.url).hostname.split('.')[0] ?? '';
}

function operationOf(exchange: WireExchange): string {
  // S3 (restXml): the SDK names object operations in `x-id`; ListObjectsV2 is `list-type=2`.
  const query = new URL(exchange.url).searchParams;
  if (query.get('x-id')) return query.get('x-id') ?? '';
  if (query.get('list-type') === '2') return 'ListObjectsV2';
  const target = exchange.requestHeaders['x-amz-target'];
  if (target) return target.slice(target.lastIndexOf('.') + 1);
  return new URLSearchParams(exchange.requestBody).get('Action') ?? '';
}

function errorCodeOf(exchange: WireExchange, protocol: 'awsJson' | 'awsQuery' | 'restXml'): string {
  if (protocol === 'restXml') return parseXml(exchange.responseBody).children.find((c) => c.name === 'Code')?.text ?? '';
  if (protocol === 'awsJson') {
    const type = String((JSON.parse(exchange.responseBody) as { __type?: string }).__type ?? '');
    return type.slice(type.indexOf('#') + 1).split(':')[0] ?? '';
  }
  return parseXml(exchange.responseBody).children.find((c) => c.name === 'Error')?.children.find((c) => c.name === 'Code')?.text ?? '';
}

/** The modeled error shape an error code names for this operation, if any. */
function modeledError(model: SmithyModel, operation: string, code: string): string | undefined {
  return model.operation(operation).errors.find((id) => {
    const queryCode = model.trait<{ code: string }>(id, 'aws.protocols#awsQueryError')?.code;
    return (queryCode ?? shortName(id)) === code;
  });
}

function problemsOf(service: ServiceUnderTest, operation: string, exchange: WireExchange): Problem[] {
  const { model, protocol } = service;
  const shapes = model.operation(operation);
  if (exchange.status === 200) {
    if (protocol === 'restXml') {
      // Object operations answer in headers and the payload; operations with an XML document are checked against the output's xmlName.
      const rootName = model.trait<string>(shapes.output, 'smithy.api#xmlName');
      if (!rootName) return [];
      const root = parseXml(exchange.responseBody);
      const namespace = model.trait<{ uri: string }>(model.serviceId, 'smithy.api#xmlNamespace')?.uri;
      const problems: Problem[] = [];
      if (root.name !== rootName) problems.push({ path: '/', message: `root element is <${root.name}>, not <${rootName}>` });
      if (root.attributes.xmlns !== namespace) problems.push({ path: '/@xmlns', message: `${root.attributes.xmlns} is not ${namespace}` });
      return [...problems, ...checkXml(model, { target: shapes.output }, root)];
    }
    if (protocol === 'awsJson') {
      const problems: Problem[] = [];
      if (exchange.responseHeaders['content-type'] !== 'application/x-amz-json-1.1') problems.push({ path: 'content-type', message: exchange.responseHeaders['content-type'] ?? 'missing' });
      return [...problems, ...checkJson(model, { target: shapes.output }, JSON.parse(exchange.responseBody))];
    }
    const root = parseXml(exchange.responseBody);
    const problems: Problem[] = [];
    const namespace = model.trait<{ uri: string }>(model.serviceId, 'smithy.api#xmlNamespace')?.uri;
    if (root.name !== `${operation}Response`) problems.push({ path: '/', message: `root element is <${root.name}>` });
    if (root.attributes.xmlns !== namespace) problems.push({ path: '/@xmlns', message: `${root.attributes.xmlns} is not ${namespace}` });
    const result = root.children.find((c) => c.name === `${operation}Result`);
    if (!result) problems.push({ path: '/', message: `no <${operation}Result>` });
    else problems.push(...checkXml(model, { target: shapes.output }, result));
    if (!root.children.find((c) => c.name === 'ResponseMetadata')?.children.some((c) => c.name === 'RequestId' && c.text)) {
      problems.push({ path: '/ResponseMetadata', message: 'no RequestId' });
    }
    return problems;
  }

  const code = errorCodeOf(exchange, protocol);
  const shapeId = modeledError(model, operation, code);
  if (!shapeId) {
    return COMMON_ERRORS[protocol].includes(code) || service.source === 'sdk' ? [] : [{ path: 'error', message: `${code} is neither declared by ${operation} nor a common error` }];
  }
  const problems: Problem[] = [];
  const queryStatus = model.trait<{ httpResponseCode: number }>(shapeId, 'aws.protocols#awsQueryError')?.httpResponseCode;
  const status = queryStatus ?? model.trait<number>(shapeId, 'smithy.api#httpError');
  if (status !== undefined && status !== exchange.status) problems.push({ path: 'status', message: `${code} answered ${exchange.status}, the model says ${status}` });
  if (protocol === 'awsJson') {
    if (exchange.responseHeaders['x-amzn-errortype'] !== code) problems.push({ path: 'x-amzn-ErrorType', message: String(exchange.responseHeaders['x-amzn-errortype']) });
    const { __type: _type, ...members } = JSON.parse(exchange.responseBody) as Record<string, unknown>;
    problems.push(...checkJson(model, { target: shapeId }, members, `$${code}`));
  }
  return problems;
}

describeWithContracts('AWS stand-in answers conform to the Smithy models', () => {
  const services: Record<string, ServiceUnderTest> = {};
  let h: AwsHarness;

  beforeAll(async () => {
    services.sts = { protocol: 'awsQuery', model: SmithyModel.load(contractPath('aws-models', 'sts-2011-06-15.json')), source: 'contracts' };
    services.organizations = { protocol: 'awsJson', model: SmithyModel.load(contractPath('aws-models', 'organizations-2016-11-28.json')), source: 'contracts' };
    // No CodeBuild model among the contracts: check its shapes against the SDK's compiled schema.
    services.codebuild = {
      protocol: 'awsJson',
      model: new SmithyModel(
        astFromSdkSchemas('com.amazonaws.codebuild', {
          StartBuild: { output: codebuildSdk.StartBuildOutput$ },
          BatchGetBuilds: { output: codebuildSdk.BatchGetBuildsOutput$ },
        }),
      ),
      source: 'sdk',
    };
    services.secretsmanager = { protocol: 'awsJson', model: SmithyModel.load(contractPath('aws-models', 'secrets-manager-2017-10-17.json')), source: 'contracts' };
    services.sns = { protocol: 'awsQuery', model: SmithyModel.load(contractPath('aws-models', 'sns-2010-03-31.json')), source: 'contracts' };
    services.sso = { protocol: 'awsJson', model: SmithyModel.load(contractPath('aws-models', 'sso-admin-2020-07-20.json')), source: 'contracts' };
    services.identitystore = { protocol: 'awsJson', model: SmithyModel.load(contractPath('aws-models', 'identitystore-2020-06-15.json')), source: 'contracts' };
    services.s3 = { protocol: 'restXml', model: SmithyModel.load(contractPath('aws-models', 's3-2006-03-01.json')), source: 'contracts' };
    h = createAwsHarness();
    await runConformanceScenario(h);
    await runSecretAuditConformanceScenario(h);
    await runIdentityCenterConformanceScenario(h);
    await runS3ConformanceScenario(h);
  });
  afterAll(() => h.close());

  const exchangesOf = (service: string, operation: string) => h.exchanges.filter((e) => serviceOf(e) === service && operationOf(e) === operation);

  test('every served operation exists in its service model', () => {
    for (const [service, operations] of Object.entries(served)) {
      const model = services[service]?.model;
      expect(model).toBeDefined();
      expect(operations.filter((op) => !model?.operationNames().includes(op))).toEqual([]);
    }
  });

  test('the scenario answered every served operation successfully at least once', () => {
    const missing = Object.entries(served).flatMap(([service, operations]) => operations.filter((op) => !exchangesOf(service, op).some((e) => e.status === 200)).map((op) => `${service}:${op}`));
    expect(missing).toEqual([]);
  });

  const cases = Object.entries(served).flatMap(([service, operations]) => operations.map((operation) => [`${service}:${operation}`, service, operation] as const));
  test.each(cases)('%s: every answer matches the model', (_label, service, operation) => {
    const under = services[service];
    if (!under) throw new Error(`no model for ${service}`);
    const exchanges = exchangesOf(service, operation);
    expect(exchanges.length).toBeGreaterThan(0);
    const problems = exchanges.flatMap((e) => problemsOf(under, operation, e).map((p) => `${e.status} ${p.path}: ${p.message}`));
    expect(problems).toEqual([]);
  });

  test('the scenario exercised declared errors of the operations, not only successes', () => {
    const errors = h.exchanges.filter((e) => e.status !== 200).map((e) => `${operationOf(e)}:${errorCodeOf(e, services[serviceOf(e)]?.protocol ?? 'awsJson')}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        'AssumeRole:AccessDenied',
        'AssumeRole:ValidationError',
        'GetCallerIdentity:SignatureDoesNotMatch',
        'CreateAccount:ConcurrentModificationException',
        'CreateAccount:InvalidInputException',
        'DescribeCreateAccountStatus:CreateAccountStatusNotFoundException',
        'MoveAccount:DestinationParentNotFoundException',
        'MoveAccount:SourceParentNotFoundException',
        'MoveAccount:DuplicateAccountException',
        'UntagResource:AccessDeniedException',
        'ListRoots:TooManyRequestsException',
        'ListRoots:UnrecognizedClientException',
        'StartBuild:ResourceNotFoundException',
        'StartBuild:InvalidInputException',
        'CreateAccountAssignment:ConflictException',
        'CreateAccountAssignment:ResourceNotFoundException',
        'CreateAccountAssignment:ValidationException',
        'DescribeAccountAssignmentCreationStatus:ResourceNotFoundException',
        'ListAccountAssignments:AccessDeniedException',
        'GetUserId:ResourceNotFoundException',
        'GetUserId:ValidationException',
        'ListUsers:AccessDeniedException',
      ]),
    );
  });

  test('CodeBuild enum members carry values the SDK knows (its schema has no enums)', () => {
    const enums: Record<string, Record<string, string>> = {
      buildStatus: codebuildSdk.StatusType,
      phaseStatus: codebuildSdk.StatusType,
      currentPhase: codebuildSdk.BuildPhaseType,
      phaseType: codebuildSdk.BuildPhaseType,
      computeType: codebuildSdk.ComputeType,
      imagePullCredentialsType: codebuildSdk.ImagePullCredentialsType,
    };
    const problems: string[] = [];
    const walk = (value: unknown, key: string) => {
      if (Array.isArray(value)) value.forEach((v) => walk(v, key));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
      else if (typeof value === 'string' && enums[key] && !Object.values(enums[key] ?? {}).includes(value)) problems.push(`${key}=${value}`);
    };
    for (const e of h.exchanges.filter((x) => serviceOf(x) === 'codebuild' && x.status === 200)) walk(JSON.parse(e.responseBody), '');
    expect(problems).toEqual([]);
  });
});
