import type { ExportForm } from '../hooks/use-export-form';
import { Field } from './Field';

export interface ExportDestinationFieldsProps {
  form: ExportForm;
  errors: Record<string, string>;
  /** The AWS connection's region, used when the bucket's region is left empty. */
  awsRegion?: string;
  onChange: (patch: Partial<ExportForm>) => void;
}

/** Where the export writes: the bucket, the key prefix inside it, and the bucket's region. */
export function ExportDestinationFields({ form, errors, awsRegion, onChange }: ExportDestinationFieldsProps) {
  return (
    <fieldset>
      <legend>Destination</legend>
      <div className="field-row field-row-3">
        <Field id="export-bucket" label="S3 bucket" errorKey="bucket" error={errors.bucket} hint="The bucket's name, like acme-data-lake.">
          {(a11y) => <input {...a11y} className="mono" value={form.bucket} onChange={(e) => onChange({ bucket: e.target.value })} autoComplete="off" spellCheck={false} data-testid="export-bucket" />}
        </Field>
        <Field id="export-prefix" label="Key prefix" errorKey="prefix" error={errors.prefix} hint="Inside the bucket, like jira or exports/jira; empty writes at the root.">
          {(a11y) => <input {...a11y} className="mono" value={form.prefix} onChange={(e) => onChange({ prefix: e.target.value })} autoComplete="off" spellCheck={false} data-testid="export-prefix" />}
        </Field>
        <Field
          id="export-region"
          label="Bucket region"
          errorKey="region"
          error={errors.region}
          hint={awsRegion ? `Empty: the AWS connection's region (${awsRegion}).` : "Empty: the AWS connection's region."}
        >
          {(a11y) => (
            <input
              {...a11y}
              className="mono"
              value={form.region}
              onChange={(e) => onChange({ region: e.target.value })}
              placeholder={awsRegion}
              autoComplete="off"
              spellCheck={false}
              data-testid="export-region"
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}
