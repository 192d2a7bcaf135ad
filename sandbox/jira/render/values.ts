/** Output forms of stored custom field values (REST v3 and JSM differ only for rich text). */
import { textToAdf } from '../adf';
import { type CustomFieldRecord, type CustomFieldValue } from '../model';
import { type StoreContext } from '../store/context';
import { jiraDateTime } from '../time';

function optionJson(ctx: StoreContext, field: CustomFieldRecord, id: string): Record<string, unknown> {
  const option = field.options.find((o) => o.id === id);
  return { self: `${ctx.siteUrl}/rest/api/3/customFieldOption/${id}`, value: option?.value ?? id, id };
}

/** The JSON of a stored value; `platform` renders rich text as ADF, `jsm` as plain text. */
export function customValueJson(
  ctx: StoreContext,
  field: CustomFieldRecord,
  value: CustomFieldValue | null | undefined,
  dialect: 'platform' | 'jsm',
): unknown {
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'textarea':
      return dialect === 'platform' ? textToAdf(String(value)) : String(value);
    case 'select':
      return optionJson(ctx, field, String(value));
    case 'multiselect':
      return (Array.isArray(value) ? value : [String(value)]).map((id) => optionJson(ctx, field, id));
    case 'datetime':
      return typeof value === 'number' ? jiraDateTime(value) : value;
    default:
      return value;
  }
}
