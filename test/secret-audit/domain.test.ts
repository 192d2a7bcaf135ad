import { readFileSync } from 'node:fs';
import { approvalMessage, isProvisioMessage } from '../../src/domain/secret-audit/approval-message';
import type { SecretChangeRecord } from '../../src/domain/secret-audit/evidence';
import { arnCovers, classifyChange, parseJiraDateTime, parseSecretArnList, principalMatches, type ApprovedChangeWindow } from '../../src/domain/secret-audit/matching';
import { matchesFilters, parseReportFilters, reportCsv } from '../../src/domain/secret-audit/report';
import { normaliseSecretChange, type SecretChange } from '../../src/domain/secret-audit/secret-change';
import { suggestSecretChangeFields, validateSecretAuditSettings } from '../../src/domain/secret-audit/settings';
import { contractPath, describeWithContracts } from '../helpers/contracts';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pinecone-9Azp5H';
const envelope = (detail: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e1',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.secretsmanager',
  account: String(detail.recipientAccountId ?? '123456789012'),
  time: String(detail.eventTime),
  region: String(detail.awsRegion),
  resources: [],
  detail,
  ...overrides,
});

function change(overrides: Partial<SecretChange> = {}): SecretChange {
  return {
    id: '50de47aa-4c67-4bd3-a377-6fbbd43e16bb',
    eventName: 'PutSecretValue',
    secretArn: ARN,
    partialArn: false,
    secretName: 'pinecone',
    actor: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/dana' },
    sourceIp: '1.1.1.1',
    eventTime: '2026-03-02T10:00:00.000Z',
    account: '123456789012',
    region: 'us-east-1',
    details: [],
    ...overrides,
  };
}

const window = (overrides: Partial<ApprovedChangeWindow> = {}): ApprovedChangeWindow => ({
  issueKey: 'ITS-1',
  issueId: '10001',
  secretArns: [ARN],
  start: Date.parse('2026-03-02T09:00:00Z'),
  end: Date.parse('2026-03-02T11:00:00Z'),
  ...overrides,
});

describeWithContracts('normalising real Secrets Manager events (secretsmanager-events contracts)', () => {
  const read = (...p: string[]) => JSON.parse(readFileSync(contractPath('secretsmanager-events', ...p), 'utf8')) as Record<string, unknown>;

  test('the EventBridge UpdateSecret event of the AWS sample: ARN from responseElements.arn, the role behind the session', () => {
    const parsed = normaliseSecretChange(read('aws-samples-jira-integration', 'eventbridge-UpdateSecret.extracted.json'));
    expect(parsed).toEqual({
      ok: true,
      value: expect.objectContaining({
        id: '50de47aa-4c67-4bd3-a377-6fbbd43e16bb',
        eventName: 'UpdateSecret',
        secretArn: ARN,
        partialArn: false,
        secretName: 'pinecone',
        actor: expect.objectContaining({ type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/Admin/role', roleArn: 'arn:aws:iam::123456789012:role/Admin', userName: 'Admin' }),
        sourceIp: '1.1.1.1',
        eventTime: '2024-05-01T17:23:18.000Z',
        account: '123456789012',
        region: 'us-east-1',
        requestId: 'df0fa58f-acf0-4faa-8dc3-213016675a71',
      }),
    });
  });

  test('the same event as the sample SNS record carries it in Message', () => {
    const record = read('aws-samples-jira-integration', 'test-event-secretsmanager-to-sns.json') as { Records: { Sns: { Message: string } }[] };
    const parsed = normaliseSecretChange(JSON.parse(record.Records[0]?.Sns.Message ?? '{}'));
    expect(parsed.ok && parsed.value.secretArn).toBe(ARN);
  });

  test('the docs’ DeleteSecret record names the ARN aRN', () => {
    const parsed = normaliseSecretChange(envelope({ ...read('aws-docs-cloudtrail-records', 'cloudtrail-record-DeleteSecret.json'), eventID: '3f6f2a42-3a8e-4b1a-9a59-4bd0b0a5d1c2' }));
    expect(parsed).toMatchObject({ ok: true, value: { eventName: 'DeleteSecret', secretArn: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:MyDatabaseSecret-a1b2c3', partialArn: false, actor: { type: 'Root' } } });
    expect(parsed.ok && parsed.value.details).toContain('recoveryWindowInDays=30');
  });

  test('the docs’ CreateSecret record has no ARN: a partial ARN is built from the name', () => {
    const parsed = normaliseSecretChange(envelope({ ...read('aws-docs-cloudtrail-records', 'cloudtrail-record-CreateSecret.json'), eventID: '0d6a1c7e-2f53-4f39-9b7b-5a3d6c0e9f11' }));
    expect(parsed).toMatchObject({ ok: true, value: { secretArn: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:MyDatabaseSecret', partialArn: true, secretName: 'MyDatabaseSecret' } });
  });

  test('a rotation service event is not an API call, and a record without a usable event id is refused', () => {
    expect(normaliseSecretChange(envelope(read('aws-docs-cloudtrail-records', 'cloudtrail-record-RotationFailed.json'), { 'detail-type': 'AWS Service Event via CloudTrail' }))).toEqual({
      ok: false,
      reason: 'not an API call (AWS Service Event via CloudTrail)',
    });
    expect(normaliseSecretChange(envelope({ ...read('aws-docs-cloudtrail-records', 'cloudtrail-record-CreateSecret.json'), eventID: 'EXAMPLE3 90ab' }))).toMatchObject({ ok: false });
  });
});

describe('secret change domain', () => {
  test('reads, failures and other services are not changes', () => {
    const base = { eventID: '11111111-2222', eventTime: '2026-03-02T10:00:00Z', awsRegion: 'us-east-1', recipientAccountId: '123456789012', responseElements: { arn: ARN } };
    expect(normaliseSecretChange(envelope({ ...base, eventName: 'GetSecretValue' }))).toMatchObject({ ok: false, reason: 'GetSecretValue does not change a secret' });
    expect(normaliseSecretChange(envelope({ ...base, eventName: 'PutSecretValue', errorCode: 'AccessDenied' }))).toMatchObject({ ok: false });
    expect(normaliseSecretChange(envelope({ ...base, eventName: 'PutSecretValue' }, { source: 'aws.kms' }))).toMatchObject({ ok: false, reason: 'not a Secrets Manager event' });
    const ok = normaliseSecretChange(envelope({ ...base, eventName: 'PutSecretValue', requestParameters: { secretId: ARN, secretString: 'HIDDEN_DUE_TO_SECURITY_REASONS' } }));
    expect(ok.ok && ok.value.details).toEqual(['value=(changed, not shown)']);
  });

  test('ARN entries: exact, without the suffix, prefix wildcards; name-only changes compare without the suffix', () => {
    expect(arnCovers(ARN, change())).toBe(true);
    expect(arnCovers('arn:aws:secretsmanager:us-east-1:123456789012:secret:pinecone', change())).toBe(true);
    expect(arnCovers('arn:aws:secretsmanager:us-east-1:123456789012:secret:pine', change())).toBe(false);
    expect(arnCovers('arn:aws:secretsmanager:us-east-1:123456789012:secret:pine*', change())).toBe(true);
    expect(arnCovers('arn:aws:secretsmanager:us-east-1:999999999999:secret:pinecone-9Azp5H', change())).toBe(false);
    const byName = change({ secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pinecone', partialArn: true });
    expect(arnCovers(ARN, byName)).toBe(true);
    expect(arnCovers('arn:aws:secretsmanager:us-east-1:123456789012:secret:pinecone', byName)).toBe(true);
    expect(parseSecretArnList(`${ARN}\n arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/*, not-an-arn`)).toEqual({
      arns: [ARN, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/*'],
      invalid: ['not-an-arn'],
    });
  });

  test('classification: a covering window wins, then automation, else unapproved with near misses', () => {
    expect(classifyChange(change(), [window()], [])).toEqual({ outcome: 'matched', ticketKey: 'ITS-1', alsoCoveredBy: [] });
    const later = window({ issueKey: 'ITS-2', start: Date.parse('2026-03-02T09:30:00Z') });
    expect(classifyChange(change(), [window(), later], [])).toMatchObject({ outcome: 'matched', ticketKey: 'ITS-2', alsoCoveredBy: ['ITS-1'] });
    const outside = change({ eventTime: '2026-03-02T11:00:01.000Z' });
    expect(classifyChange(outside, [window()], [])).toEqual({ outcome: 'unapproved', why: 'outside-window', nearMisses: ['ITS-1'] });
    expect(classifyChange(change({ eventTime: '2026-03-02T11:00:00.000Z' }), [window()], [])).toMatchObject({ outcome: 'matched' });
    const rotation = change({ actor: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/Rotation/lambda', roleArn: 'arn:aws:iam::123456789012:role/Rotation' } });
    expect(classifyChange(rotation, [], ['arn:aws:iam::123456789012:role/Rotation'])).toEqual({ outcome: 'automated', principal: 'arn:aws:iam::123456789012:role/Rotation' });
    expect(classifyChange(rotation, [window()], ['arn:aws:iam::123456789012:role/Rotation'])).toMatchObject({ outcome: 'matched', automatedBy: 'arn:aws:iam::123456789012:role/Rotation' });
    expect(classifyChange(change(), [window({ secretArns: ['arn:aws:secretsmanager:us-east-1:123456789012:secret:other'] })], [])).toEqual({ outcome: 'unapproved', why: 'no-request-for-secret', nearMisses: [] });
    expect(principalMatches('arn:aws:sts::123456789012:assumed-role/Rotation/*', rotation.actor)).toBe(true);
    expect(principalMatches('arn:aws:iam::123456789012:role/Rotatio', rotation.actor)).toBe(false);
  });

  test('Jira date-times as JSM returns them', () => {
    expect(parseJiraDateTime('2026-03-02T10:00:00.000+0000')).toBe(Date.parse('2026-03-02T10:00:00Z'));
    expect(parseJiraDateTime('2026-03-02T12:00:00.000+0200')).toBe(Date.parse('2026-03-02T10:00:00Z'));
    expect(parseJiraDateTime('2026-03-02T10:00Z')).toBe(Date.parse('2026-03-02T10:00:00Z'));
    expect(parseJiraDateTime('02/Mar/26 10:00 AM')).toBeUndefined();
  });

  test('the approval message and its attributes; Provisio recognises its own messages', () => {
    const message = approvalMessage(window({ approvedBy: 'Ann Approver' }), { reason: 'rotation' });
    expect(JSON.parse(message.message)).toMatchObject({ source: 'provisio', issueKey: 'ITS-1', secretArns: [ARN], changeWindow: { start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T11:00:00.000Z' }, reason: 'rotation' });
    expect(message.attributes).toMatchObject({ 'aws.accounts': { DataType: 'String.Array', StringValue: '["123456789012"]' }, 'window.end': { DataType: 'Number', StringValue: String(Date.parse('2026-03-02T11:00:00Z') / 1000) } });
    expect(isProvisioMessage(message.message)).toEqual({ issueKey: 'ITS-1' });
    expect(isProvisioMessage('{"source":"aws.secretsmanager"}')).toBeUndefined();
    expect(isProvisioMessage('Hello world')).toBeUndefined();
  });

  test('settings: topic ARNs in reachable regions, principals, a project, the window fields', () => {
    const good = {
      topicArns: 'arn:aws:sns:us-east-1:111111111111:changes\narn:aws:sns:eu-west-1:111111111111:changes',
      automationPrincipals: ['arn:aws:iam::111111111111:role/Rotation', 'arn:aws:sts::111111111111:assumed-role/Pipeline/*'],
      projectKey: 'ops',
      requestTypeId: '5',
      fields: { secretArns: 'customfield_10030', windowStart: 'customfield_10031', windowEnd: 'customfield_10032' },
    };
    expect(validateSecretAuditSettings(good)).toMatchObject({ ok: true, value: { projectKey: 'OPS', issueTypeName: 'Task', topicArns: ['arn:aws:sns:us-east-1:111111111111:changes', 'arn:aws:sns:eu-west-1:111111111111:changes'] } });
    expect(validateSecretAuditSettings({ ...good, topicArns: ['arn:aws-cn:sns:cn-north-1:111111111111:t'] })).toMatchObject({ ok: false, errors: { topicArns: expect.stringContaining('commercial') } });
    expect(validateSecretAuditSettings({ ...good, automationPrincipals: ['*'] })).toMatchObject({ ok: false, errors: { automationPrincipals: expect.any(String) } });
    expect(validateSecretAuditSettings({ ...good, fields: { secretArns: 'customfield_10030' } })).toMatchObject({ ok: false, errors: { 'fields.windowStart': expect.any(String), 'fields.windowEnd': expect.any(String) } });
    expect(suggestSecretChangeFields([{ fieldId: 'summary', name: 'Summary' }, { fieldId: 'customfield_10030', name: 'Secret ARNs' }, { fieldId: 'customfield_10031', name: 'Change window start' }])).toEqual({
      secretArns: 'customfield_10030',
      windowStart: 'customfield_10031',
    });
  });

  test('report filters and CSV (quoted, formula cells neutralised)', () => {
    const record: SecretChangeRecord = { ...change({ actor: { type: 'IAMUser', arn: '=HYPERLINK("x")' } }), outcome: 'unapproved', why: 'outside-window', nearMisses: ['ITS-1', 'ITS-2'], topicArn: 't', snsMessageId: 'm', receivedAt: 'r' };
    const csv = reportCsv([record]);
    expect(csv.split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.split('\r\n')[1]).toContain('outside the window of ITS-1 ITS-2');
    const filters = parseReportFilters({ outcome: 'unapproved', from: '2026-03-02', actor: 'hyperlink' });
    expect(filters.ok && matchesFilters(record, filters.value)).toBe(true);
    expect(parseReportFilters({ outcome: 'bogus', from: 'yesterday' })).toMatchObject({ ok: false, errors: { outcome: expect.any(String), from: expect.any(String) } });
    expect(parseReportFilters({ limit: 99999 })).toMatchObject({ ok: true, value: { limit: 1000 } });
  });
});
