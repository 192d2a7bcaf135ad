import type { SecretChangeRecord } from '../../src/domain/secret-audit/evidence';
import type { ApprovedChangeWindow } from '../../src/domain/secret-audit/matching';
import type { SecretAuditSettings } from '../../src/domain/secret-audit/settings';
import { auditSecretChange, type AuditDeps } from '../../src/usecases/audit-secret-change';
import { publishSecretChangeApproval } from '../../src/usecases/publish-secret-change-approval';
import type { ApprovalPublication, SecretAuditStore } from '../../src/usecases/secret-audit-ports';

const ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbC123';
const settings: SecretAuditSettings = { topicArns: ['arn:aws:sns:us-east-1:111111111111:t'], publishTopicArn: 'arn:aws:sns:us-east-1:111111111111:t', automationPrincipals: [], projectKey: 'OPS', issueTypeName: 'Task', requestTypeId: '5', fields: {} };
const record = (overrides: Partial<SecretChangeRecord> = {}): SecretChangeRecord => ({
  id: '0b7c3f5e-0000-4000-a000-000000000001',
  eventName: 'PutSecretValue',
  secretArn: ARN,
  partialArn: false,
  secretName: 'prod/db',
  actor: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/dana' },
  sourceIp: '203.0.113.9',
  eventTime: '2026-03-02T10:00:00.000Z',
  account: '111111111111',
  region: 'us-east-1',
  details: [],
  outcome: 'pending',
  topicArn: settings.topicArns[0] as string,
  snsMessageId: 'm1',
  receivedAt: '2026-03-02T10:00:01.000Z',
  ...overrides,
});
const window: ApprovedChangeWindow = { issueKey: 'ITS-9', issueId: '10009', secretArns: [ARN], start: Date.parse('2026-03-02T09:00:00Z'), end: Date.parse('2026-03-02T11:00:00Z') };

function store(initial: SecretChangeRecord[]) {
  const changes = new Map(initial.map((r) => [r.id, r]));
  const approvals = new Map<string, ApprovalPublication>();
  let failSaves = 0;
  const s: SecretAuditStore & { failNextSave(): void; changes: typeof changes; approvals: typeof approvals } = {
    changes,
    approvals,
    failNextSave: () => void (failSaves += 1),
    settings: async () => settings,
    claimMessage: async () => true,
    releaseMessage: async () => undefined,
    noteMessageReceived: async () => undefined,
    saveSubscriptionStatus: async () => undefined,
    createChange: async (r) => (changes.has(r.id) ? false : (changes.set(r.id, r), true)),
    change: async (id) => changes.get(id),
    saveChange: async (r) => {
      if (failSaves > 0) {
        failSaves -= 1;
        throw new Error('KVS is down');
      }
      changes.set(r.id, r);
    },
    changesForTicket: async () => [],
    approval: async (id) => approvals.get(id),
    saveApproval: async (p) => void approvals.set(p.issueId, p),
    findApprovalByKey: async (key) => [...approvals.values()].find((p) => p.issueKey === key),
  };
  return s;
}

function deps(s: SecretAuditStore, windows: ApprovedChangeWindow[] = []) {
  const filed: string[] = [];
  const comments = new Map<string, string>();
  const alerts: string[] = [];
  const d: AuditDeps = {
    store: s,
    requests: { around: async () => windows, window: async () => ({ notApplicable: 'unused' }) },
    desk: {
      commentOnce: async (key, marker, text) => void (comments.has(marker) || comments.set(marker, `${key}: ${text}`)),
      findFiledIssue: async (change) => (filed.includes(change.id) ? `OPS-${filed.indexOf(change.id) + 1}` : undefined),
      fileUnapprovedChange: async (change) => (filed.push(change.id), `OPS-${filed.length}`),
      issueUrl: async () => undefined,
    },
    alerts: { unapprovedChange: async (text) => void alerts.push(text) },
  };
  return { d, filed, comments, alerts };
}

describe('auditing a recorded change', () => {
  test('a crash after the issue was filed and before it was recorded: the retry finds it and files nothing, and alerts once', async () => {
    const s = store([record()]);
    const { d, filed, alerts } = deps(s);
    s.failNextSave();
    await expect(auditSecretChange(record().id, d)).rejects.toThrow('KVS is down');
    expect(filed).toHaveLength(1);
    expect(alerts).toHaveLength(0);
    expect(await auditSecretChange(record().id, d)).toEqual({ kind: 'decided', outcome: 'unapproved', issueKey: 'OPS-1' });
    expect(filed).toHaveLength(1);
    expect(alerts).toHaveLength(1);
    expect(s.changes.get(record().id)).toMatchObject({ outcome: 'unapproved', unapprovedIssueKey: 'OPS-1', why: 'no-request-for-secret', alertedAt: expect.any(String) });
    expect(await auditSecretChange(record().id, d)).toEqual({ kind: 'skipped', why: 'already unapproved' });
  });

  test('a crash after recording, before alerting: the retry alerts, and only then', async () => {
    const s = store([record()]);
    const { d, filed, alerts } = deps(s);
    d.alerts = { unapprovedChange: async () => Promise.reject(new Error('crash')) };
    await expect(auditSecretChange(record().id, d)).rejects.toThrow('crash');
    d.alerts = { unapprovedChange: async (text) => void alerts.push(text) };
    await auditSecretChange(record().id, d);
    await auditSecretChange(record().id, d);
    expect(filed).toHaveLength(1);
    expect(alerts).toHaveLength(1);
  });

  test('a first run files one issue and sends one alert', async () => {
    const s = store([record()]);
    const { d, filed, alerts } = deps(s);
    await auditSecretChange(record().id, d);
    expect(filed).toHaveLength(1);
    expect(alerts).toEqual([expect.stringContaining('Unapproved secret change: PutSecretValue')]);
  });

  test('a matched change is commented once, even when the run is repeated after a failure', async () => {
    const s = store([record()]);
    const { d, comments } = deps(s, [window]);
    s.failNextSave();
    await expect(auditSecretChange(record().id, d)).rejects.toThrow();
    await auditSecretChange(record().id, d);
    expect([...comments.values()]).toEqual([expect.stringMatching(/^ITS-9: Provisio saw an approved change/)]);
    expect(s.changes.get(record().id)).toMatchObject({ outcome: 'matched', ticketKey: 'ITS-9' });
  });
});

describe('publishing an approval', () => {
  test('published once, with the record in place before the topic can deliver it back', async () => {
    const s = store([]);
    const seenBeforePublish: (ApprovalPublication | undefined)[] = [];
    const publisher = {
      publish: jest.fn(async () => {
        seenBeforePublish.push(s.approvals.get('10009'));
        return { messageId: 'msg-1' };
      }),
    };
    const requests = { around: async () => [], window: async () => ({ window, reason: 'rotation' }) };
    expect(await publishSecretChangeApproval('10009', { store: s, requests, publisher })).toEqual({ kind: 'published', messageId: 'msg-1' });
    expect(seenBeforePublish[0]).toMatchObject({ issueKey: 'ITS-9', topicArn: settings.publishTopicArn });
    expect(await publishSecretChangeApproval('10009', { store: s, requests, publisher })).toEqual({ kind: 'skipped', why: 'already published' });
    expect(publisher.publish).toHaveBeenCalledTimes(1);
    const [, message] = publisher.publish.mock.calls[0] as unknown as [string, { subject: string }];
    expect(message.subject).toBe('Secret change approved: ITS-9');
  });

  test('a failure is recorded for the panel and rethrown for the queue to retry', async () => {
    const s = store([]);
    const publisher = { publish: async () => Promise.reject(new Error('AWS refused')) };
    const requests = { around: async () => [], window: async () => ({ window }) };
    await expect(publishSecretChangeApproval('10009', { store: s, requests, publisher })).rejects.toThrow('AWS refused');
    expect(s.approvals.get('10009')).toMatchObject({ error: 'AWS refused' });
  });
});
