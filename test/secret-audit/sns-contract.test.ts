import { readFileSync } from 'node:fs';
import { SnsMessageVerifier } from '../../src/adapters/sns/sns-signature';
import type { SecretChangeRecord } from '../../src/domain/secret-audit/evidence';
import type { SecretAuditSettings } from '../../src/domain/secret-audit/settings';
import { certificateUrlProblem, parseSnsMessage, parseTopicArn, subscribeUrlProblem, type SnsMessage } from '../../src/domain/secret-audit/sns-message';
import { receiveSnsMessage, type ReceiveDeps } from '../../src/usecases/receive-sns-message';
import type { SecretAuditStore, SubscriptionStatus } from '../../src/usecases/secret-audit-ports';
import { contractPath, describeWithContracts } from '../helpers/contracts';

interface ManifestEntry {
  file: string;
  Type: string;
  SignatureVersion: string;
  cert: string;
  verifies: boolean;
}

/** The certificates of the archived messages, served for their SigningCertURLs (they have expired: signatures only). */
function contractCertificates(entries: ManifestEntry[]): (url: string) => Promise<string> {
  return async (url) => {
    const entry = entries.find((e) => url.endsWith(e.cert.split('/').pop() ?? '?'));
    if (!entry) throw new Error(`no contract certificate for ${url}`);
    return readFileSync(contractPath('sns-http', entry.cert), 'utf8');
  };
}

/** An in-memory store: enough of KVS for the receive use case. */
function memoryStore(settings: SecretAuditSettings): SecretAuditStore & { seen: Set<string>; changes: Map<string, SecretChangeRecord>; statuses: SubscriptionStatus[] } {
  const seen = new Set<string>();
  const changes = new Map<string, SecretChangeRecord>();
  const statuses: SubscriptionStatus[] = [];
  return {
    seen,
    changes,
    statuses,
    settings: async () => settings,
    claimMessage: async (id) => (seen.has(id) ? false : (seen.add(id), true)),
    releaseMessage: async (id) => void seen.delete(id),
    noteMessageReceived: async () => undefined,
    saveSubscriptionStatus: async (s) => void statuses.push(s),
    createChange: async (r) => (changes.has(r.id) ? false : (changes.set(r.id, r), true)),
    change: async (id) => changes.get(id),
    saveChange: async (r) => void changes.set(r.id, r),
    changesForTicket: async () => [],
    approval: async () => undefined,
    saveApproval: async () => undefined,
    findApprovalByKey: async () => undefined,
  };
}

describeWithContracts('real Amazon SNS messages (sns-http contracts)', () => {
  const manifest = () => JSON.parse(readFileSync(contractPath('sns-http', 'manifest.json'), 'utf8')) as { messages: ManifestEntry[] };
  const load = (entry: ManifestEntry): SnsMessage => {
    const parsed = parseSnsMessage(JSON.parse(readFileSync(contractPath('sns-http', entry.file), 'utf8')));
    if (!parsed.ok) throw new Error(`${entry.file}: ${parsed.reason}`);
    return parsed.value;
  };
  const verifierAt = (message: SnsMessage) => new SnsMessageVerifier(contractCertificates(manifest().messages), { checkValidity: false, now: () => Date.parse(message.Timestamp) + 1000 });
  const cases = () => manifest().messages.map((e) => [e.file, e] as const);

  test('there are six, v1 and v2, notifications and a confirmation', () => {
    const entries = manifest().messages;
    expect(entries).toHaveLength(6);
    expect(new Set(entries.map((e) => e.SignatureVersion))).toEqual(new Set(['1', '2']));
    expect(new Set(entries.map((e) => e.Type))).toEqual(new Set(['Notification', 'SubscriptionConfirmation']));
  });

  test.each(cases())('%s verifies, and its URLs are SNS URLs of its region', async (_file, entry) => {
    const message = load(entry);
    expect(await verifierAt(message).verify(message)).toBe(entry.verifies);
    const region = parseTopicArn(message.TopicArn)?.region ?? '';
    expect(certificateUrlProblem(message.SigningCertURL, region)).toBeUndefined();
    if (message.Type === 'SubscriptionConfirmation') expect(subscribeUrlProblem(message.SubscribeURL ?? '', region, message.TopicArn, message.Token ?? '')).toBeUndefined();
    // The certificate host check is per region: the same URL is refused for another region's topic.
    expect(certificateUrlProblem(message.SigningCertURL, region === 'eu-west-1' ? 'us-east-1' : 'eu-west-1')).toBeDefined();
  });

  const tamperings: [string, (m: SnsMessage) => SnsMessage][] = [
    ['Message changed', (m) => ({ ...m, Message: `${m.Message}!` })],
    // Confirmations do not sign a Subject; their SubscribeURL is signed instead.
    ['Subject added or removed, or SubscribeURL changed', (m) =>
      m.Type !== 'Notification' ? { ...m, SubscribeURL: `${m.SubscribeURL}&x=1` } : m.Subject === undefined ? { ...m, Subject: 'Hello world' } : (({ Subject: _s, ...rest }) => rest)(m)],
    ['Timestamp moved', (m) => ({ ...m, Timestamp: new Date(Date.parse(m.Timestamp) + 1000).toISOString() })],
    ['TopicArn swapped', (m) => ({ ...m, TopicArn: m.TopicArn.replace(/:[^:]+$/, ':other-topic') })],
    ['MessageId changed', (m) => ({ ...m, MessageId: m.MessageId.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) })],
    ['signature version switched', (m) => ({ ...m, SignatureVersion: m.SignatureVersion === '1' ? '2' : '1' })],
    ['signature bytes flipped', (m) => ({ ...m, Signature: Buffer.from(Buffer.from(m.Signature, 'base64').map((b, i) => (i === 10 ? b ^ 1 : b))).toString('base64') })],
    ['Token changed (confirmations)', (m) => (m.Token ? { ...m, Token: `${m.Token.slice(0, -1)}0` } : { ...m, Message: `${m.Message} ` })],
  ];
  test.each(cases().flatMap(([file, entry]) => tamperings.map(([what, tamper]) => [file, what, entry, tamper] as const)))('%s with %s does not verify', async (_file, _what, entry, tamper) => {
    const original = load(entry);
    const tampered = tamper(original);
    expect(tampered).not.toEqual(original);
    expect(await verifierAt(original).verify(tampered)).toBe(false);
  });

  test('the certificate of one message does not verify another signed with the other certificate', async () => {
    const entries = manifest().messages;
    const a = entries.find((e) => e.cert.includes('7ff53'));
    const b = entries.find((e) => e.cert.includes('bb750'));
    if (!a || !b) throw new Error('expected messages signed with both certificates');
    const message = { ...load(a), SigningCertURL: load(b).SigningCertURL };
    expect(await verifierAt(message).verify(message)).toBe(false);
  });

  describe('through the whole receive path (allow-listed topic, fresh at its own time)', () => {
    const receive = async (entry: ManifestEntry, headers: Record<string, string[]> = {}) => {
      const text = readFileSync(contractPath('sns-http', entry.file), 'utf8');
      const message = load(entry);
      const store = memoryStore({ topicArns: [message.TopicArn], automationPrincipals: [], projectKey: 'OPS', issueTypeName: 'Task', requestTypeId: '1', fields: {} });
      const confirmed: string[] = [];
      const deps: ReceiveDeps = {
        store,
        verifier: verifierAt(message),
        confirmer: { confirm: async (u) => (confirmed.push(u), { subscriptionArn: `${message.TopicArn}:sub` }) },
        queue: { auditChange: async () => undefined, publishApproval: async () => undefined },
        now: () => Date.parse(message.Timestamp) + 1000,
      };
      return { receipt: await receiveSnsMessage({ method: 'POST', headers, body: text }, deps), store, confirmed, message, deps, text };
    };

    test.each(cases())('%s is accepted', async (_file, entry) => {
      const { receipt, store, confirmed, message } = await receive(entry, { 'x-amz-sns-message-type': [entry.Type] });
      if (entry.Type === 'SubscriptionConfirmation') {
        expect(receipt).toEqual({ status: 200, reason: 'subscription confirmed' });
        expect(confirmed).toEqual([message.SubscribeURL]);
        expect(store.statuses).toEqual([expect.objectContaining({ topicArn: message.TopicArn, status: 'confirmed' })]);
      } else {
        // "Hello world" is not a Secrets Manager change: acknowledged, nothing recorded.
        expect(receipt).toEqual({ status: 200, reason: 'ignored: not an EventBridge event' });
        expect(store.changes.size).toBe(0);
      }
      expect(store.seen.has(message.MessageId)).toBe(true);
    });

    test.each(cases())('%s is refused for a topic not on the allow-list, or when replayed, or stale', async (_file, entry) => {
      const { message, deps, text } = await receive(entry);
      const again = await receiveSnsMessage({ method: 'POST', headers: {}, body: text }, deps);
      expect(again).toEqual({ status: 409, reason: 'message already received' });
      const other = memoryStore({ topicArns: ['arn:aws:sns:us-east-1:123456789012:mine'], automationPrincipals: [], projectKey: 'OPS', issueTypeName: 'Task', requestTypeId: '1', fields: {} });
      expect(await receiveSnsMessage({ method: 'POST', headers: {}, body: text }, { ...deps, store: other })).toEqual({ status: 403, reason: 'topic not allowed' });
      const fresh = memoryStore({ topicArns: [message.TopicArn], automationPrincipals: [], projectKey: 'OPS', issueTypeName: 'Task', requestTypeId: '1', fields: {} });
      expect(await receiveSnsMessage({ method: 'POST', headers: {}, body: text }, { ...deps, store: fresh, now: () => Date.parse(message.Timestamp) + 2 * 3600_000 })).toEqual({
        status: 403,
        reason: 'the message is too old',
      });
      expect(fresh.seen.size).toBe(0);
    });
  });
});
