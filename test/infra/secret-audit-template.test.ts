import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EgressFilteringService } from '@forge/egress';
import { parse, type CollectionTag, type ScalarTag } from 'yaml';
import { loadManifest } from '../../sandbox/platform/manifest';
import { SECRET_CHANGE_EVENT_NAMES } from '../../sandbox/secret-audit-demo';
import { SECRET_CHANGE_EVENTS } from '../../src/domain/secret-audit/secret-change';
import { SNS_REGIONS } from '../../src/domain/secret-audit/sns-message';

const ROOT = path.resolve(__dirname, '../..');

/** CloudFormation's short-form intrinsics as their long forms. */
const INTRINSICS = ['Ref', 'Sub', 'GetAtt', 'If', 'Not', 'Equals', 'Join', 'Condition', 'And', 'Or'];
const customTags: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const resolve = (value: unknown) => ({ [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value });
  return [
    { tag: `!${name}`, resolve: (value: string) => resolve(value) } as ScalarTag,
    { tag: `!${name}`, collection: 'seq', resolve: (value: { toJSON(): unknown }) => resolve(value.toJSON()) } as unknown as CollectionTag,
  ];
});

interface Resource {
  Type: string;
  Condition?: string;
  Properties: Record<string, unknown>;
}
interface Template {
  Parameters: Record<string, unknown>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
  Outputs: Record<string, { Condition?: string }>;
}

const text = readFileSync(path.join(ROOT, 'infra/secret-audit.yaml'), 'utf8');
const template = parse(text, { customTags }) as Template;
const resource = (name: string) => template.Resources[name] as Resource;

/** The Secrets Manager calls the issue names: the sample missed PutSecretValue and most of these. */
const ISSUE_CALLS = ['CreateSecret', 'PutSecretValue', 'UpdateSecret', 'RotateSecret', 'DeleteSecret', 'RestoreSecret', 'PutResourcePolicy', 'DeleteResourcePolicy', 'TagResource', 'UntagResource', 'ReplicateSecretToRegions'];

describe('infra/secret-audit.yaml', () => {
  test('every rule forwards exactly the calls the app treats as changes, which the sandbox’s rule forwards too', () => {
    const rules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      expect(rule.Properties.EventPattern).toEqual({
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['secretsmanager.amazonaws.com'], eventName: [...SECRET_CHANGE_EVENTS] },
      });
    }
    expect([...SECRET_CHANGE_EVENT_NAMES]).toEqual([...SECRET_CHANGE_EVENTS]);
    expect(SECRET_CHANGE_EVENTS).toEqual(expect.arrayContaining(ISSUE_CALLS));
    expect(text).not.toMatch(/&\w+|\*\w+/); // no YAML anchors or aliases
  });

  test('the topic signs with SignatureVersion 2; only its own rules (and Provisio’s role) may publish', () => {
    expect(resource('SecretChangesTopic').Properties.SignatureVersion).toBe('2');
    const statements = ((resource('SecretChangesTopicPolicy').Properties.PolicyDocument as { Statement: unknown[] }).Statement) as Record<string, unknown>[];
    expect(statements[0]).toEqual({
      Sid: 'EventBridgePublishesSecretChanges',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: 'SecretChangesTopic' },
      Condition: {
        ArnEquals: {
          'aws:SourceArn': {
            'Fn::If': ['HasOrganization', [{ 'Fn::GetAtt': ['SecretChangesRule', 'Arn'] }, { 'Fn::GetAtt': ['OrganizationSecretChangesRule', 'Arn'] }], [{ 'Fn::GetAtt': ['SecretChangesRule', 'Arn'] }]],
          },
        },
      },
    });
    expect(resource('ProvisioPublishApprovals').Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'SecretChangesTopic' } }],
    });
  });

  test('the topic is subscribed over HTTPS to the web trigger URL parameter', () => {
    expect(resource('WebTriggerSubscription').Properties).toMatchObject({ TopicArn: { Ref: 'SecretChangesTopic' }, Protocol: 'https', Endpoint: { Ref: 'WebTriggerUrl' } });
    expect(resource('SecretChangesRule').Properties.Targets).toEqual([{ Id: 'provisio-topic', Arn: { Ref: 'SecretChangesTopic' } }]);
  });

  test('the organization-wide bus accepts events from the organization only', () => {
    expect(resource('OrganizationEventBusPolicy').Properties.Statement).toMatchObject({ Action: 'events:PutEvents', Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } } });
    expect(resource('ForwardSecretChangesRule').Properties.Targets).toEqual([{ Id: 'provisio-central-bus', Arn: { Ref: 'ForwardToEventBusArn' }, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } }]);
  });

  test('every Ref, GetAtt and Condition names something the template declares', () => {
    const names = new Set([...Object.keys(template.Parameters), ...Object.keys(template.Resources), 'AWS::Partition', 'AWS::AccountId', 'AWS::Region', 'AWS::NoValue']);
    const conditions = new Set(Object.keys(template.Conditions));
    const problems: string[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        const v = value as Record<string, unknown>;
        if (typeof v.Ref === 'string' && !names.has(v.Ref)) problems.push(`Ref ${v.Ref}`);
        const getAtt = v['Fn::GetAtt'];
        if (Array.isArray(getAtt) && !template.Resources[String(getAtt[0])]) problems.push(`GetAtt ${String(getAtt[0])}`);
        if (typeof v.Condition === 'string' && !conditions.has(v.Condition)) problems.push(`Condition ${v.Condition}`);
        const branch = v['Fn::If'];
        if (Array.isArray(branch) && !conditions.has(String(branch[0]))) problems.push(`If ${String(branch[0])}`);
        Object.values(v).forEach(walk);
      }
    };
    walk(template.Resources);
    walk(template.Outputs);
    walk(template.Conditions);
    expect(problems).toEqual([]);
  });
});

describe('manifest egress for SNS', () => {
  test('the app can reach the SNS host of every region a topic may be in, and nothing under it that is not SNS', () => {
    const egress = new EgressFilteringService(loadManifest(ROOT).egressBackend);
    for (const region of SNS_REGIONS) expect(egress.isValidUrl(`https://sns.${region}.amazonaws.com/SimpleNotificationService-x.pem`)).toBe(true);
    expect(egress.isValidUrl('https://sns.example.com/')).toBe(false);
  });
});
