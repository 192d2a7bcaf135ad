import type Resolver from '@forge/resolver';
import { DriftRepository } from '../../adapters/forge/grant-repository';
import { JitConfigRepository } from '../../adapters/forge/jit-config-repository';
import { IDENTITY_CENTER_ACTIONS } from '../../adapters/identity-center/identity-center-directory';
import type { JiraClient } from '../../adapters/jira/jira-client';
import { findPeople, personById, type JiraPerson } from '../../adapters/jira/jira-people';
import { listRequestTypes } from '../../adapters/jira/service-desk-catalog';
import { InvalidInputError } from '../../domain/errors';
import { JIT_INPUT_LABELS, JIT_INPUTS, REQUIRED_JIT_INPUTS, TARGET_KIND_LABELS, TARGET_KINDS, validateJitSettings, type JitInput, type JitTarget } from '../../domain/jit/jit-settings';
import type { SaveResult } from '../../shared/resolver-contract';
import { JIT_RESOLVER_KEYS, type JitAdminConfigView, type JitDriftView, type JitPeopleView, type JitSettingsView } from '../../shared/jit-contract';
import { respond } from './respond';

/** An org admin API key: what admin.atlassian.com shows once, a long opaque token. */
const API_KEY = /^[A-Za-z0-9._=+/-]{16,2048}$/;

const record = (payload: unknown): Record<string, unknown> => (typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {});

/** Suggests the field per input by its name on the request type ("Access target", "Duration"…). */
function suggestJitFields(fields: { fieldId: string; name: string }[]): Partial<Record<JitInput, string>> {
  const out: Partial<Record<JitInput, string>> = {};
  for (const input of JIT_INPUTS) {
    const label = JIT_INPUT_LABELS[input].toLowerCase();
    const match = fields.find((f) => f.name.toLowerCase() === label) ?? fields.find((f) => f.name.toLowerCase().includes(label.split(' ').at(-1) ?? label));
    if (match) out[input] = match.fieldId;
  }
  return out;
}

/** The Jira people behind every approver id of these targets, by account id (unknown ids absent). */
async function approversOf(jira: JiraClient, targets: readonly JitTarget[]): Promise<Map<string, JiraPerson>> {
  const ids = [...new Set(targets.flatMap((t) => t.policy.approvers))];
  const people = await Promise.all(ids.map((id) => personById(jira, id)));
  return new Map(people.flatMap((p) => (p ? [[p.accountId, p] as const] : [])));
}

/**
 * The admin page's just-in-time access section: request type and fields, targets with their
 * policies (maximum duration, approval and approvers, maximum with extensions, permanent
 * members, drift), the org API key (write-only), and the sweep's drift findings. Every
 * resolver checks the caller is a Jira administrator first.
 */
export function registerJitAdminResolvers(resolver: Resolver, requireJiraAdmin: () => Promise<JiraClient>): void {
  resolver.define(JIT_RESOLVER_KEYS.adminGet, () =>
    respond<JitAdminConfigView>(async () => {
      const jira = await requireJiraAdmin();
      const config = new JitConfigRepository();
      const [settings, key, requestTypes] = await Promise.all([config.jit(), config.atlassianApiKey(), listRequestTypes(jira)]);
      const people = await approversOf(jira, settings?.targets ?? []);
      return {
        ...(settings ? { settings: settings as unknown as JitSettingsView } : {}),
        atlassianApiKeySaved: key !== undefined,
        requestTypes,
        jitInputs: JIT_INPUTS.map((input) => ({ input, label: JIT_INPUT_LABELS[input], required: REQUIRED_JIT_INPUTS.includes(input) })),
        suggestions: Object.fromEntries(requestTypes.map((t) => [t.id, suggestJitFields(t.fields) as Record<string, string>])),
        targetKinds: TARGET_KINDS.map((kind) => ({ kind, label: TARGET_KIND_LABELS[kind] })),
        identityCenterActions: [...IDENTITY_CENTER_ACTIONS],
        people: [...people.values()].map(({ accountId, displayName }) => ({ accountId, displayName })),
      };
    }),
  );

  resolver.define(JIT_RESOLVER_KEYS.adminSave, ({ payload }) =>
    respond<SaveResult>(async () => {
      const jira = await requireJiraAdmin();
      const input = record(payload);
      const parsed = validateJitSettings(record(input.settings));
      const fieldErrors: Record<string, string> = parsed.ok ? {} : Object.fromEntries(Object.entries(parsed.errors).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const config = new JitConfigRepository();
      const key = typeof input.atlassianApiKey === 'string' ? input.atlassianApiKey.trim() : '';
      if (key && !API_KEY.test(key)) fieldErrors.atlassianApiKey = 'Paste the organization API key from admin.atlassian.com (it is stored as a secret and never shown again).';
      if (parsed.ok) {
        const requestType = (await listRequestTypes(jira)).find((t) => t.id === parsed.value.requestTypeId);
        if (!requestType) fieldErrors.requestTypeId = 'That request type does not exist (any more).';
        else {
          const known = new Set(requestType.fields.map((f) => f.fieldId));
          for (const [name, fieldId] of Object.entries(parsed.value.fields)) if (!known.has(fieldId)) fieldErrors[`fields.${name}`] = `${requestType.name} has no field ${fieldId}.`;
        }
        // An approver must be someone Jira knows and who can still sign in, or nobody could approve.
        const people = await approversOf(jira, parsed.value.targets);
        parsed.value.targets.forEach((target, i) => {
          const problems = target.policy.approvers.flatMap((id) => {
            const person = people.get(id);
            if (!person) return [`No Jira user has the account id ${id}.`];
            return person.active ? [] : [`${person.displayName} (${id}) is deactivated.`];
          });
          if (problems.length > 0) fieldErrors[`targets.${i}.policy.approvers`] = problems.join(' ');
        });
        const needsKey = parsed.value.targets.some((t) => t.ref.kind === 'atlassian-group');
        if (needsKey && !key && !(await config.atlassianApiKey())) fieldErrors.atlassianApiKey = 'Atlassian group targets need the organization API key.';
      }
      if (!parsed.ok || Object.keys(fieldErrors).length > 0) return { saved: false, fieldErrors };
      if (key) await config.saveAtlassianApiKey(key);
      await config.save(parsed.value);
      return { saved: true };
    }),
  );

  resolver.define(JIT_RESOLVER_KEYS.adminFindPeople, ({ payload }) =>
    respond<JitPeopleView>(async () => {
      const jira = await requireJiraAdmin();
      const query = record(payload).query;
      if (typeof query !== 'string' || query.trim().length < 2 || query.trim().length > 100) throw new InvalidInputError('Type 2 to 100 characters of a name or email.');
      const people = await findPeople(jira, query.trim());
      return { people: people.map(({ accountId, displayName }) => ({ accountId, displayName })) };
    }),
  );

  resolver.define(JIT_RESOLVER_KEYS.adminDrift, () =>
    respond<JitDriftView>(async () => {
      await requireJiraAdmin();
      const settings = await new JitConfigRepository().jit();
      const drift = new DriftRepository();
      const targets = await Promise.all(
        (settings?.targets ?? []).map(async (t) => {
          const state = await drift.state(t.id);
          return { targetId: t.id, name: t.name, ...(state.checkedAt ? { checkedAt: state.checkedAt } : {}), findings: state.findings.map(({ targetId: _t, ...f }) => f) };
        }),
      );
      return { targets };
    }),
  );
}
