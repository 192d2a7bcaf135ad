import type { OktaSettingsView } from '@shared/resolver-contract';
import { useState, type FormEvent } from 'react';
import { saveOkta } from '../api';
import { fieldErrorsOf, useSave } from '../hooks/use-save';
import { Field } from './Field';
import { OktaTest } from './OktaTest';
import { PrivateKeyField } from './PrivateKeyField';
import { SaveFeedback, unshownErrors } from './SaveFeedback';
import { Section } from './Section';

const DEFAULT_SCOPES = ['okta.users.read', 'okta.users.manage', 'okta.groups.read', 'okta.groups.manage'];
const SHOWN = ['orgUrl', 'clientId', 'keyId', 'scopes', 'privateKeyPem'];

interface OktaForm {
  orgUrl: string;
  clientId: string;
  keyId: string;
  scopes: string;
  dpop: boolean;
}

function formFrom(okta: OktaSettingsView | undefined): OktaForm {
  return {
    orgUrl: okta?.orgUrl ?? '',
    clientId: okta?.clientId ?? '',
    keyId: okta?.keyId ?? '',
    scopes: (okta?.scopes ?? DEFAULT_SCOPES).join(' '),
    dpop: okta?.dpop ?? true,
  };
}

/** The Okta API service app Provisio signs in as (OAuth 2.0 private_key_jwt), and a live test of it. */
export function OktaSection({ okta, keySaved, onSaved }: { okta?: OktaSettingsView; keySaved: boolean; onSaved: () => Promise<void> }) {
  const [form, setForm] = useState(() => formFrom(okta));
  // Write-only: never filled from the server, cleared after every successful save.
  const [privateKey, setPrivateKey] = useState('');
  const save = useSave();
  const errors = fieldErrorsOf(save.state);
  const set = (patch: Partial<OktaForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    if (save.state.status === 'saved') save.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const settings: OktaSettingsView = { orgUrl: form.orgUrl, clientId: form.clientId, keyId: form.keyId, scopes: form.scopes.split(/[\s,]+/).filter(Boolean), dpop: form.dpop };
    save.run(
      () => saveOkta(settings, privateKey.trim() || undefined),
      async () => {
        setPrivateKey('');
        await onSaved();
      },
    );
  };

  return (
    <Section id="okta" title="Okta connection" description="The Okta API service app Provisio uses to create users and manage groups. Provisio signs in with a private key (private_key_jwt); no API token is stored.">
      <form className="admin-form" onSubmit={submit} noValidate aria-describedby="okta-form-note">
        <Field id="okta-org-url" label="Org URL" errorKey="orgUrl" error={errors.orgUrl} hint="Your Okta org, like https://your-org.okta.com.">
          {(a11y) => <input {...a11y} type="url" value={form.orgUrl} onChange={(e) => set({ orgUrl: e.target.value })} autoComplete="off" spellCheck={false} data-testid="okta-org-url" />}
        </Field>
        <div className="field-row">
          <Field id="okta-client-id" label="Client ID" errorKey="clientId" error={errors.clientId}>
            {(a11y) => <input {...a11y} value={form.clientId} onChange={(e) => set({ clientId: e.target.value })} autoComplete="off" spellCheck={false} data-testid="okta-client-id" />}
          </Field>
          <Field id="okta-key-id" label="Key ID (kid)" errorKey="keyId" error={errors.keyId}>
            {(a11y) => <input {...a11y} value={form.keyId} onChange={(e) => set({ keyId: e.target.value })} autoComplete="off" spellCheck={false} data-testid="okta-key-id" />}
          </Field>
        </div>
        <Field id="okta-scopes" label="Scopes" errorKey="scopes" error={errors.scopes} hint="The scopes granted to the service app, separated by spaces.">
          {(a11y) => <input {...a11y} value={form.scopes} onChange={(e) => set({ scopes: e.target.value })} autoComplete="off" spellCheck={false} data-testid="okta-scopes" />}
        </Field>
        <div className="field field-checkbox">
          <input id="okta-dpop" type="checkbox" checked={form.dpop} onChange={(e) => set({ dpop: e.target.checked })} data-testid="okta-dpop" />
          <label htmlFor="okta-dpop">Require DPoP-bound tokens (recommended; turn off only if the Okta app does not require DPoP)</label>
        </div>
        <PrivateKeyField value={privateKey} onChange={setPrivateKey} keySaved={keySaved} error={errors.privateKeyPem} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.state.status === 'saving'} aria-busy={save.state.status === 'saving'} data-testid="okta-save">
            {save.state.status === 'saving' ? 'Saving…' : 'Save Okta connection'}
          </button>
        </div>
        <p id="okta-form-note" className="visually-hidden">
          Settings are checked when you save; nothing changes unless every field is valid.
        </p>
        <SaveFeedback state={save.state} testIdPrefix="okta" savedMessage="Okta connection saved." otherErrors={unshownErrors(errors, SHOWN)} />
      </form>
      <OktaTest />
    </Section>
  );
}
