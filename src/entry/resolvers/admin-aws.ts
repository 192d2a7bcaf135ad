import type Resolver from '@forge/resolver';
import { organizationsClient } from '../../adapters/aws/aws-clients';
import { roleActions } from '../../adapters/aws/aws-commands';
import { AwsSession } from '../../adapters/aws/aws-session';
import { OrganizationsService } from '../../adapters/aws/organizations-service';
import { VendingConfigRepository, type ConnectionTestRecord } from '../../adapters/forge/vending-config-repository';
import type { JiraClient } from '../../adapters/jira/jira-client';
import { listRequestTypes } from '../../adapters/jira/service-desk-catalog';
import { REQUIRED_VENDING_INPUTS, VENDING_INPUT_LABELS, VENDING_INPUTS } from '../../domain/account-vending/account-request';
import { suggestVendingFieldMapping } from '../../domain/account-vending/field-suggestions';
import { accessKeyHint, DEFAULT_ENVIRONMENTS, validateAccessKeys, validateAwsConnection, validateVendingSettings } from '../../domain/account-vending/vending-settings';
import { InvalidInputError, isAppError } from '../../domain/errors';
import { RESOLVER_KEYS, type AwsAdminConfigView, type AwsConnectionTestView, type SaveResult } from '../../shared/resolver-contract';
import { respond } from './respond';

const DEFAULT_COST_CENTER_PATTERN = '[A-Z]{2,4}-[0-9]{3,6}';

const record = (payload: unknown): Record<string, unknown> => (typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {});

const prefixed = (prefix: string, errors: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(errors).filter((e): e is [string, string] => typeof e[1] === 'string').map(([k, v]) => [`${prefix}.${k}`, v]));

/**
 * The admin page's AWS section: connection (role ARN, app-generated external id, the IAM user's
 * keys as secrets, region), Test connection (really assumes the role), and account vending
 * settings. Every resolver checks the caller is a Jira administrator first.
 */
export function registerAwsAdminResolvers(resolver: Resolver, requireJiraAdmin: () => Promise<JiraClient>): void {
  resolver.define(RESOLVER_KEYS.adminAwsGetConfig, () =>
    respond<AwsAdminConfigView>(async () => {
      const jira = await requireJiraAdmin();
      const config = new VendingConfigRepository();
      const [connection, externalId, keys, hint, lastTest, vending, requestTypes] = await Promise.all([
        config.connection(),
        config.externalId(),
        config.accessKeys(),
        config.accessKeyHint(),
        config.lastTest(),
        config.vending(),
        listRequestTypes(jira),
      ]);
      return {
        ...(connection ? { connection: { roleArn: connection.roleArn, region: connection.region } } : {}),
        externalId,
        accessKeysSaved: keys !== undefined,
        ...(keys && hint ? { accessKeyIdHint: hint } : {}),
        ...(lastTest ? { lastTest } : {}),
        ...(vending ? { vending: { ...vending, fields: vending.fields as Record<string, string> } } : {}),
        requestTypes,
        vendingInputs: VENDING_INPUTS.map((input) => ({ input, label: VENDING_INPUT_LABELS[input], required: REQUIRED_VENDING_INPUTS.includes(input) })),
        suggestions: Object.fromEntries(requestTypes.map((t) => [t.id, suggestVendingFieldMapping(t.fields) as Record<string, string>])),
        defaults: { allowedEnvironments: DEFAULT_ENVIRONMENTS, costCenterPattern: DEFAULT_COST_CENTER_PATTERN, region: 'us-east-1' },
        roleActions: roleActions(),
      };
    }),
  );

  resolver.define(RESOLVER_KEYS.adminAwsSave, ({ payload }) =>
    respond<SaveResult>(async () => {
      const jira = await requireJiraAdmin();
      const input = record(payload);
      if (input.connection === undefined && input.vending === undefined) throw new InvalidInputError('Nothing to save: send connection, vending, or both.');
      const config = new VendingConfigRepository();
      let fieldErrors: Record<string, string> = {};
      let save: (() => Promise<void>)[] = [];

      if (input.connection !== undefined) {
        const raw = record(input.connection);
        const connection = validateAwsConnection(raw, await config.externalId());
        if (!connection.ok) fieldErrors = { ...fieldErrors, ...prefixed('connection', connection.errors) };
        const keysGiven = [raw.accessKeyId, raw.secretAccessKey].some((v) => typeof v === 'string' && v.trim() !== '');
        if (keysGiven) {
          const keys = validateAccessKeys(raw);
          if (!keys.ok) fieldErrors = { ...fieldErrors, ...prefixed('connection', keys.errors) };
          else save = [...save, () => config.saveAccessKeys(keys.value, accessKeyHint(keys.value.accessKeyId))];
        } else if (!(await config.accessKeys())) {
          fieldErrors['connection.secretAccessKey'] = 'Paste the access key id and secret of the IAM user the template created (stored as a secret and never shown again).';
        }
        if (connection.ok) save = [...save, () => config.saveConnection(connection.value)];
      }

      if (input.vending !== undefined) {
        const vending = validateVendingSettings(record(input.vending));
        if (!vending.ok) fieldErrors = { ...fieldErrors, ...prefixed('vending', vending.errors) };
        else {
          // The request type and fields must exist now, not just look like ids.
          const requestType = (await listRequestTypes(jira)).find((t) => t.id === vending.value.requestTypeId);
          if (!requestType) fieldErrors['vending.requestTypeId'] = 'That request type does not exist (any more).';
          else {
            const known = new Set(requestType.fields.map((f) => f.fieldId));
            for (const [name, fieldId] of Object.entries(vending.value.fields)) {
              if (!known.has(fieldId)) fieldErrors[`vending.fields.${name}`] = `${requestType.name} has no field ${fieldId}.`;
            }
          }
          save = [...save, () => config.saveVending(vending.value)];
        }
      }

      if (Object.keys(fieldErrors).length > 0) return { saved: false, fieldErrors };
      for (const step of save) await step();
      return { saved: true };
    }),
  );

  resolver.define(RESOLVER_KEYS.adminAwsTest, () =>
    respond<AwsConnectionTestView>(async () => {
      await requireJiraAdmin();
      const config = new VendingConfigRepository();
      const [connection, keys] = await Promise.all([config.connection(), config.accessKeys()]);
      const at = new Date().toISOString();
      let result: ConnectionTestRecord;
      if (!connection || !keys) {
        result = { ok: false, at, message: 'Save the role ARN and the access keys first.' };
      } else {
        try {
          const session = new AwsSession({ connection, keys: async () => keys, cache: config.sessionCache() });
          const assumed = await session.assumeFresh();
          // Read the organization afresh (not from the cache), then cache what was read.
          const info = await new OrganizationsService(organizationsClient(session), session).info();
          await config.orgInfoCache(connection.roleArn).set(info);
          result = {
            ok: true,
            at,
            message: `Provisio assumed ${assumed.assumedRoleArn} and reads organization ${info.organizationId} (management account ${info.managementAccountId}).`,
            assumedRoleArn: assumed.assumedRoleArn,
            ...info,
          };
        } catch (error) {
          if (!isAppError(error)) throw error;
          result = { ok: false, at, message: error.message };
        }
      }
      await config.saveLastTest(result);
      return result;
    }),
  );
}
