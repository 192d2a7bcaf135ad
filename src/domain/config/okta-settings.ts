/**
 * The Okta connection an admin saves. The private key is not here: it goes straight to a KVS
 * secret and is never read back to the UI.
 */
export interface OktaSettings {
  orgUrl: string;
  clientId: string;
  keyId: string;
  scopes: string[];
  dpop: boolean;
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;
export type Validated<T, K extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

/** Okta's own domains; they are what the manifest's egress allows (a custom domain would need customer-managed egress). */
const OKTA_HOST = /^[a-z0-9][a-z0-9-]{0,62}\.(okta|oktapreview|okta-emea|okta-gov|okta-mil)\.com$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{10,64}$/;
const KEY_ID = /^[A-Za-z0-9._-]{1,128}$/;
const SCOPE = /^okta\.[a-zA-Z]+\.(read|manage)$/;

export const REQUIRED_ONBOARDING_SCOPES = ['okta.users.manage', 'okta.users.read', 'okta.groups.manage', 'okta.groups.read'];

export function validateOktaSettings(input: Record<string, unknown>): Validated<OktaSettings, keyof OktaSettings> {
  const errors: FieldErrors<keyof OktaSettings> = {};
  let orgUrl = typeof input.orgUrl === 'string' ? input.orgUrl.trim().replace(/\/+$/, '') : '';
  try {
    const url = new URL(orgUrl);
    if (url.protocol !== 'https:' || !OKTA_HOST.test(url.hostname) || url.pathname !== '/' || url.search || url.port) {
      errors.orgUrl = 'Use your Okta org URL, like https://your-org.okta.com (no path).';
    }
    orgUrl = url.origin;
  } catch {
    errors.orgUrl = 'Enter your Okta org URL, like https://your-org.okta.com.';
  }
  const clientId = typeof input.clientId === 'string' ? input.clientId.trim() : '';
  if (!CLIENT_ID.test(clientId)) errors.clientId = 'The client ID of the Okta API service app (letters, digits, - and _).';
  const keyId = typeof input.keyId === 'string' ? input.keyId.trim() : '';
  if (!KEY_ID.test(keyId)) errors.keyId = 'The key ID (kid) of the public key registered in Okta.';
  const rawScopes = Array.isArray(input.scopes) ? input.scopes : typeof input.scopes === 'string' ? input.scopes.split(/[\s,]+/) : [];
  const scopes = [...new Set(rawScopes.map((s) => String(s).trim()).filter(Boolean))];
  const badScope = scopes.find((s) => !SCOPE.test(s));
  if (badScope) errors.scopes = `"${badScope}" is not an Okta scope (like okta.users.manage).`;
  else if (scopes.length === 0) errors.scopes = 'Choose the scopes granted to the service app.';
  const dpop = input.dpop === undefined ? true : input.dpop === true;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { orgUrl, clientId, keyId, scopes, dpop } };
}

/** A PKCS#8 PEM private key, checked for shape only (the token request proves it works). */
export function validatePrivateKeyPem(pem: unknown): string | undefined {
  if (typeof pem !== 'string') return 'Paste the private key as PEM.';
  const trimmed = pem.trim();
  if (!/^-----BEGIN PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+\r?\n-----END PRIVATE KEY-----$/.test(trimmed)) {
    return 'The private key must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").';
  }
  return undefined;
}
