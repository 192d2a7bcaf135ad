import { createHash, createVerify, X509Certificate } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { stringToSign, type SnsMessage } from '../../domain/secret-audit/sns-message';
import { CertificateUnavailableError, type SnsSignatureVerifier } from '../../usecases/secret-audit-ports';

/** Where a certificate comes from: a PEM for a (host-checked) SigningCertURL. */
export type CertificateSource = (url: string) => Promise<string>;

const MAX_CERT_BYTES = 16 * 1024;
/** Certificates are kept a day; SNS rotates them rarely and announces new URLs. */
const CACHE_TTL = { value: 1, unit: 'DAYS' } as const;
const CACHE_MS = 86_400_000;

interface CachedCertificate {
  url: string;
  pem: string;
  fetchedAt: number;
}

/** Fetches the certificate over HTTPS (Forge egress: only the SNS hosts in the manifest are reachable). */
export async function fetchCertificate(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', headers: { accept: 'application/x-pem-file, */*' } });
  } catch (cause) {
    throw new CertificateUnavailableError(`could not fetch the SNS certificate: ${cause instanceof Error ? cause.name : 'network error'}`, { cause });
  }
  if (!response.ok) throw new CertificateUnavailableError(`the SNS certificate URL answered ${response.status}`);
  const pem = await response.text();
  if (Buffer.byteLength(pem) > MAX_CERT_BYTES || !pem.includes('-----BEGIN CERTIFICATE-----')) throw new CertificateUnavailableError('the SNS certificate URL did not return a certificate');
  return pem;
}

/** A certificate source that keeps what it fetched in KVS with an expiry. */
export function cachedCertificates(fetcher: CertificateSource = fetchCertificate): CertificateSource {
  return async (url) => {
    const key = `sns-cert:${createHash('sha256').update(url).digest('hex').slice(0, 48)}`;
    const cached = await kvs.get<CachedCertificate>(key);
    if (cached && cached.url === url && Date.now() - cached.fetchedAt < CACHE_MS) return cached.pem;
    const pem = await fetcher(url);
    await kvs.set<CachedCertificate>(key, { url, pem, fetchedAt: Date.now() }, { ttl: CACHE_TTL });
    return pem;
  };
}

export interface VerifierOptions {
  /** Check the certificate's validity dates (off only for archived test messages, whose certificates have expired). */
  checkValidity: boolean;
  now: () => number;
}

/**
 * Verifies SNS signatures: SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA, over the
 * string SNS signs, with the public key of the certificate for `sns.amazonaws.com` found at the
 * message's SigningCertURL (whose host the use case has already checked).
 */
export class SnsMessageVerifier implements SnsSignatureVerifier {
  constructor(
    private readonly certificates: CertificateSource,
    private readonly options: VerifierOptions = { checkValidity: true, now: () => Date.now() },
  ) {}

  async verify(message: SnsMessage): Promise<boolean> {
    const pem = await this.certificates(message.SigningCertURL);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch (cause) {
      throw new CertificateUnavailableError('the SNS certificate is not a valid X.509 certificate', { cause });
    }
    if (certificate.checkHost('sns.amazonaws.com') === undefined) return false;
    if (this.options.checkValidity) {
      const now = this.options.now();
      if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) return false;
    }
    const verifier = createVerify(message.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1');
    verifier.update(stringToSign(message), 'utf8');
    try {
      return verifier.verify(certificate.publicKey, message.Signature, 'base64');
    } catch {
      return false;
    }
  }
}
