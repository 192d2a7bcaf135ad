import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * The SNS stand-in's signing identity: an RSA key and a self-signed X.509 certificate for
 * `sns.amazonaws.com`, made when the stand-in starts.
 *
 * Node can generate the key but cannot issue certificates, and no X.509 library is among the
 * project's dependencies (the issue allows one npm install, spent on the AWS SDK clients), so
 * the certificate is written here as minimal DER: a v3 TBSCertificate with a subjectAltName,
 * signed sha256WithRSAEncryption. `X509Certificate` parses it back as a check.
 */
export interface SigningIdentity {
  privateKeyPem: string;
  certificatePem: string;
  /** `SimpleNotificationService-<md5 of the certificate>.pem`, the file name SNS uses. */
  fileName: string;
}

const OID = {
  sha256WithRsa: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectAltName: '2.5.29.17',
};

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const sequence = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);
const nullValue = () => Buffer.from([0x05, 0x00]);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(v & 0x7f);
      v >>= 7;
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] = (chunk[i] ?? 0) | 0x80;
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function integer(bytes: Buffer): Buffer {
  const positive = (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return tlv(0x02, positive);
}

/** UTCTime before 2050, GeneralizedTime after, as RFC 5280 requires. */
function time(epochMs: number): Buffer {
  const iso = new Date(epochMs).toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

function name(commonName: string, organization: string): Buffer {
  return sequence(set(sequence(oid(OID.organization), utf8(organization))), set(sequence(oid(OID.commonName), utf8(commonName))));
}

/** A self-signed certificate for `commonName` valid from `notBefore` to `notAfter`. */
export function selfSignedCertificate(key: { privateKey: KeyObject; publicKey: KeyObject }, commonName: string, notBefore: number, notAfter: number): string {
  const algorithm = sequence(oid(OID.sha256WithRsa), nullValue());
  const subject = name(commonName, 'Provisio sandbox (not Amazon)');
  const altName = sequence(tlv(0x82, Buffer.from(commonName, 'ascii')));
  const extensions = tlv(0xa3, sequence(sequence(oid(OID.subjectAltName), tlv(0x04, altName))));
  const serial = randomBytes(16);
  // DER INTEGERs are minimal and positive: a clear top bit and a non-zero leading byte (else OpenSSL says 'illegal padding').
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    subject,
    sequence(time(notBefore), time(notAfter)),
    subject,
    key.publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, key.privateKey);
  const der = sequence(tbs, algorithm, tlv(0x03, Buffer.from([0]), signature));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** A fresh key and certificate valid for two years around `nowMs`. */
export function createSigningIdentity(nowMs: number): SigningIdentity {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificatePem = selfSignedCertificate(key, 'sns.amazonaws.com', nowMs - 86_400_000, nowMs + 2 * 365 * 86_400_000);
  const parsed = new X509Certificate(certificatePem);
  if (!parsed.verify(key.publicKey)) throw new Error('the generated SNS signing certificate does not verify');
  return {
    privateKeyPem: key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificatePem,
    fileName: `SimpleNotificationService-${createHash('md5').update(parsed.raw).digest('hex')}.pem`,
  };
}

export type SignatureVersion = '1' | '2';

/**
 * The string SNS signs: `Name\nValue\n` for each signed member in this order, Subject only
 * when present, and SubscribeURL and Token for confirmations.
 */
export function stringToSign(message: Record<string, string | undefined>): string {
  const notification = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
  const confirmation = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const keys = message.Type === 'Notification' ? notification : confirmation;
  return keys
    .filter((k) => message[k] !== undefined)
    .map((k) => `${k}\n${message[k]}\n`)
    .join('');
}

export function signMessage(message: Record<string, string | undefined>, version: SignatureVersion, privateKeyPem: string): string {
  return sign(version === '2' ? 'sha256' : 'sha1', Buffer.from(stringToSign(message), 'utf8'), createPrivateKey(privateKeyPem)).toString('base64');
}
