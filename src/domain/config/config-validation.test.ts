import { validateOktaSettings, validatePrivateKeyPem } from './okta-settings';
import { validateOnboardingSettings } from './onboarding-settings';

const okta = { orgUrl: 'https://acme.okta.com', clientId: '0oa1b2c3d4e5f6g7h8', keyId: 'key-1', scopes: ['okta.users.manage', 'okta.groups.manage'] };

describe('validateOktaSettings', () => {
  test('a valid connection, normalised; DPoP defaults to on', () => {
    expect(validateOktaSettings({ ...okta, orgUrl: ' https://ACME.okta.com/ ', clientId: ' 0oa1b2c3d4e5f6g7h8 ', scopes: 'okta.users.manage, okta.groups.manage okta.users.manage' })).toEqual({
      ok: true,
      value: { orgUrl: 'https://acme.okta.com', clientId: '0oa1b2c3d4e5f6g7h8', keyId: 'key-1', scopes: ['okta.users.manage', 'okta.groups.manage'], dpop: true },
    });
  });

  test('DPoP is off only when explicitly false-y and not true', () => {
    expect(validateOktaSettings({ ...okta, dpop: false })).toMatchObject({ ok: true, value: { dpop: false } });
    expect(validateOktaSettings({ ...okta, dpop: 'true' })).toMatchObject({ ok: true, value: { dpop: false } });
  });

  test.each([
    ['plain http', 'http://acme.okta.com'],
    ['a path', 'https://acme.okta.com/admin'],
    ['a query', 'https://acme.okta.com/?x=1'],
    ['a port', 'https://acme.okta.com:8443'],
    ['a custom domain', 'https://login.acme.com'],
    ['an Okta lookalike', 'https://acme.okta.com.evil.example'],
    ['a nested subdomain', 'https://a.b.okta.com'],
  ])('an org URL with %s is refused', (_what, orgUrl) => {
    const result = validateOktaSettings({ ...okta, orgUrl });
    expect(result.ok).toBe(false);
    expect(result.ok ? {} : Object.keys(result.errors)).toEqual(['orgUrl']);
  });

  test.each([
    ['https://acme.oktapreview.com'],
    ['https://acme.okta-emea.com'],
    ['https://acme-dev-123.okta.com'],
  ])('%s is an Okta org', (orgUrl) => {
    expect(validateOktaSettings({ ...okta, orgUrl }).ok).toBe(true);
  });

  test('every field error at once', () => {
    expect(validateOktaSettings({ orgUrl: 'not a url', clientId: 'short', keyId: '', scopes: [] })).toEqual({
      ok: false,
      errors: {
        orgUrl: 'Enter your Okta org URL, like https://your-org.okta.com.',
        clientId: 'The client ID of the Okta API service app (letters, digits, - and _).',
        keyId: 'The key ID (kid) of the public key registered in Okta.',
        scopes: 'Choose the scopes granted to the service app.',
      },
    });
  });

  test('a scope that is not an Okta scope is named', () => {
    expect(validateOktaSettings({ ...okta, scopes: ['okta.users.manage', 'openid'] })).toEqual({ ok: false, errors: { scopes: '"openid" is not an Okta scope (like okta.users.manage).' } });
  });
});

describe('validatePrivateKeyPem', () => {
  const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n';
  test('a PKCS#8 PEM is accepted, with LF or CRLF line ends and surrounding space', () => {
    expect(validatePrivateKeyPem(`-----BEGIN PRIVATE KEY-----\n${body}-----END PRIVATE KEY-----`)).toBeUndefined();
    expect(validatePrivateKeyPem(`\n  -----BEGIN PRIVATE KEY-----\r\n${body.replace(/\n/g, '\r\n')}-----END PRIVATE KEY-----\n`)).toBeUndefined();
  });

  test.each([
    ['a PKCS#1 RSA key', `-----BEGIN RSA PRIVATE KEY-----\n${body}-----END RSA PRIVATE KEY-----`],
    ['a public key', `-----BEGIN PUBLIC KEY-----\n${body}-----END PUBLIC KEY-----`],
    ['an encrypted key', `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${body}-----END ENCRYPTED PRIVATE KEY-----`],
    ['no body', '-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----'],
    ['a body that is not base64', '-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----'],
    ['a JWK', '{"kty":"RSA","d":"..."}'],
  ])('%s is refused', (_what, pem) => {
    expect(validatePrivateKeyPem(pem)).toBe('The private key must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").');
  });

  test('something that is not text asks for a PEM', () => {
    expect(validatePrivateKeyPem(undefined)).toBe('Paste the private key as PEM.');
    expect(validatePrivateKeyPem({})).toBe('Paste the private key as PEM.');
  });
});

describe('validateOnboardingSettings', () => {
  const settings = {
    requestTypeId: '12',
    fields: { firstName: 'customfield_10010', lastName: 'customfield_10011', workEmail: 'customfield_10012' },
    groupAllowList: ['Engineering'],
  };

  test('valid settings, trimmed, with the default statuses', () => {
    expect(validateOnboardingSettings({ ...settings, requestTypeId: ' 12 ', groupAllowList: [' Engineering ', '', 'Sales', 'Sales'], fields: { ...settings.fields, oktaGroups: ' customfield_10016 ', department: '' } })).toEqual({
      ok: true,
      value: {
        requestTypeId: '12',
        fields: { ...settings.fields, oktaGroups: 'customfield_10016' },
        groupAllowList: ['Engineering', 'Sales'],
        provisionStatus: 'In Progress',
        doneStatus: 'Done',
        failedStatus: 'Provisioning failed',
      },
    });
  });

  test('statuses can be renamed; blank ones fall back to the defaults', () => {
    expect(validateOnboardingSettings({ ...settings, provisionStatus: ' Provisioning ', doneStatus: '  ', failedStatus: 'Needs attention' })).toMatchObject({
      ok: true,
      value: { provisionStatus: 'Provisioning', doneStatus: 'Done', failedStatus: 'Needs attention' },
    });
  });

  test('the required inputs must each be mapped to a field', () => {
    expect(validateOnboardingSettings({ ...settings, fields: { firstName: 'customfield_10010' } })).toEqual({
      ok: false,
      errors: { 'fields.lastName': 'Choose the field that holds this.', 'fields.workEmail': 'Choose the field that holds this.' },
    });
  });

  test.each([
    ['a request type that is not an id', { requestTypeId: 'Onboarding' }, 'requestTypeId'],
    ['a field that is not a Jira field id', { fields: { ...settings.fields, manager: 'Manager' } }, 'fields.manager'],
    ['a field id too short to be custom', { fields: { ...settings.fields, manager: 'customfield_1' } }, 'fields.manager'],
    ['an input Provisio does not know', { fields: { ...settings.fields, shoeSize: 'customfield_10099' } }, 'fields'],
    ['a group name over two lines', { groupAllowList: ['Engineering\nAdmins'] }, 'groupAllowList'],
    ['a group name over 255 characters', { groupAllowList: ['G'.repeat(256)] }, 'groupAllowList'],
    ['a status over two lines', { doneStatus: 'Done\nReally' }, 'doneStatus'],
    ['a status over 60 characters', { failedStatus: 'F'.repeat(61) }, 'failedStatus'],
  ])('%s is refused on that field', (_what, change, key) => {
    const result = validateOnboardingSettings({ ...settings, ...change });
    expect(result.ok ? [] : Object.keys(result.errors)).toEqual([key]);
  });

  test('no settings at all: every required part is asked for', () => {
    const result = validateOnboardingSettings({});
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['fields.firstName', 'fields.lastName', 'fields.workEmail', 'requestTypeId']);
  });
});
