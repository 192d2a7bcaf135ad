import { route, webTrigger } from '@forge/api';
import type Resolver from '@forge/resolver';
import { SecretAuditRepository } from '../../adapters/forge/secret-audit-repository';
import { VendingConfigRepository } from '../../adapters/forge/vending-config-repository';
import type { JiraClient } from '../../adapters/jira/jira-client';
import { listRequestTypes } from '../../adapters/jira/service-desk-catalog';
import { InvalidInputError, NotFoundError } from '../../domain/errors';
import { matchesFilters, parseReportFilters, reportCsv, type ReportFilters } from '../../domain/secret-audit/report';
import {
  REQUIRED_SECRET_CHANGE_INPUTS,
  SECRET_CHANGE_INPUT_LABELS,
  SECRET_CHANGE_INPUTS,
  suggestSecretChangeFields,
  validateSecretAuditSettings,
} from '../../domain/secret-audit/settings';
import type { SaveResult } from '../../shared/resolver-contract';
import {
  SECRET_AUDIT_RESOLVER_KEYS,
  type SecretAuditConfigView,
  type SecretChangeCsv,
  type SecretChangeOutcomeView,
  type SecretChangeReport,
} from '../../shared/secret-audit-contract';
import { respond } from './respond';
import { toChangeView } from './secret-change-view';

/** The web trigger SNS delivers to (manifest `webtrigger` key). */
export const SNS_WEBTRIGGER_KEY = 'provisio-sns';
/** How many stored changes one report reads at most, before filtering by text. */
const SCAN_LIMIT = 3000;

const record = (payload: unknown): Record<string, unknown> => (typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {});

/** Bad filters are an INVALID_INPUT answer naming each one. */
function filtersFrom(input: Record<string, unknown>): ReportFilters {
  const parsed = parseReportFilters(input);
  if (!parsed.ok) throw new InvalidInputError(Object.entries(parsed.errors).map(([k, v]) => `${k}: ${v}`).join(' '));
  return parsed.value;
}

async function report(filters: ReportFilters): Promise<{ rows: ReturnType<typeof toChangeView>[]; truncated: boolean; counts: Record<SecretChangeOutcomeView, number> }> {
  const { records, exhausted } = await new SecretAuditRepository().recentChanges(filters, SCAN_LIMIT);
  const matching = records.filter((r) => matchesFilters(r, filters));
  const counts: Record<SecretChangeOutcomeView, number> = { matched: 0, automated: 0, unapproved: 0, pending: 0 };
  for (const r of matching) counts[r.outcome] += 1;
  return { rows: matching.slice(0, filters.limit).map(toChangeView), truncated: matching.length > filters.limit || !exhausted, counts };
}

/**
 * The secret change audit's admin resolvers, registered on the admin page's resolver. Each one
 * checks that the caller is a Jira administrator first (`requireJiraAdmin`).
 */
export function registerSecretAuditAdminResolvers(resolver: Resolver, requireJiraAdmin: () => Promise<JiraClient>): void {
  resolver.define(SECRET_AUDIT_RESOLVER_KEYS.adminGetConfig, () =>
    respond<SecretAuditConfigView>(async () => {
      const jira = await requireJiraAdmin();
      const store = new SecretAuditRepository();
      const [url, settings, subscriptions, lastMessageAt, connection, requestTypes] = await Promise.all([
        webTrigger.getUrl(SNS_WEBTRIGGER_KEY).catch(() => undefined),
        store.settings(),
        store.subscriptionStatuses(),
        store.lastMessageAt(),
        new VendingConfigRepository().connection().catch(() => undefined),
        listRequestTypes(jira),
      ]);
      return {
        ...(url ? { webTriggerUrl: url } : {}),
        ...(settings ? { settings: { ...settings, fields: { ...settings.fields } } } : {}),
        subscriptions,
        ...(lastMessageAt ? { lastMessageAt } : {}),
        awsConnected: connection !== undefined,
        requestTypes,
        inputs: SECRET_CHANGE_INPUTS.map((input) => ({ input, label: SECRET_CHANGE_INPUT_LABELS[input], required: REQUIRED_SECRET_CHANGE_INPUTS.includes(input) })),
        suggestions: Object.fromEntries(requestTypes.map((t) => [t.id, suggestSecretChangeFields(t.fields)])),
        infraTemplate: 'infra/secret-audit.yaml',
      };
    }),
  );

  resolver.define(SECRET_AUDIT_RESOLVER_KEYS.adminSave, ({ payload }) =>
    respond<SaveResult>(async () => {
      const jira = await requireJiraAdmin();
      const parsed = validateSecretAuditSettings(record(payload));
      if (!parsed.ok) return { saved: false, fieldErrors: parsed.errors as Record<string, string> };
      const settings = parsed.value;
      const fieldErrors: Record<string, string> = {};
      const requestType = (await listRequestTypes(jira)).find((t) => t.id === settings.requestTypeId);
      if (!requestType) fieldErrors.requestTypeId = 'That request type does not exist (any more).';
      else {
        const known = new Set(requestType.fields.map((f) => f.fieldId));
        for (const [input, fieldId] of Object.entries(settings.fields)) if (!known.has(fieldId)) fieldErrors[`fields.${input}`] = `${requestType.name} has no field ${fieldId}.`;
      }
      try {
        await jira.get(route`/rest/api/3/project/${settings.projectKey}`, `read project ${settings.projectKey}`);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        fieldErrors.projectKey = `There is no project ${settings.projectKey}.`;
      }
      if (Object.keys(fieldErrors).length > 0) return { saved: false, fieldErrors };
      await new SecretAuditRepository().saveSettings(settings);
      return { saved: true };
    }),
  );

  resolver.define(SECRET_AUDIT_RESOLVER_KEYS.adminReport, ({ payload }) =>
    respond<SecretChangeReport>(async () => {
      await requireJiraAdmin();
      return report(filtersFrom(record(payload)));
    }),
  );

  resolver.define(SECRET_AUDIT_RESOLVER_KEYS.adminReportCsv, ({ payload }) =>
    respond<SecretChangeCsv>(async () => {
      await requireJiraAdmin();
      const filters = filtersFrom({ limit: 1000, ...record(payload) });
      const { records } = await new SecretAuditRepository().recentChanges(filters, SCAN_LIMIT);
      const rows = records.filter((r) => matchesFilters(r, filters)).slice(0, filters.limit);
      return { filename: `secret-changes-${new Date().toISOString().slice(0, 10)}.csv`, csv: reportCsv(rows), rows: rows.length };
    }),
  );
}
