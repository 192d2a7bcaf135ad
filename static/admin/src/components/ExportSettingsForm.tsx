import type { ExportConfigView } from '@shared/export-contract';
import { useCallback, useEffect, useRef, type FormEvent } from 'react';
import { saveExport } from '../export-api';
import { exportInputFrom, useExportForm } from '../hooks/use-export-form';
import { fieldErrorsOf, useSave } from '../hooks/use-save';
import { ExportDestinationFields } from './ExportDestinationFields';
import { ExportFieldsPicker } from './ExportFieldsPicker';
import { ExportProjectsField } from './ExportProjectsField';
import { ExportScheduleFields } from './ExportScheduleFields';
import { ExportTest } from './ExportTest';
import { SaveFeedback, unshownErrors } from './SaveFeedback';
import { Section } from './Section';

const SHOWN = ['bucket', 'prefix', 'region', 'projects', 'fieldRefs', 'includeComments', 'scheduleHours', 'overlapMinutes', 'jqlFilter'];

/**
 * The export's settings, saved together. The resolver checks them all (project keys and fields
 * with Jira, the JQL filter by running it); nothing changes unless every one is valid.
 */
export function ExportSettingsForm({ config, onSaved }: { config: ExportConfigView; onSaved: () => Promise<void> }) {
  const save = useSave();
  const { state: saveState, reset } = save;
  const touched = useCallback(() => {
    if (saveState.status === 'saved') reset();
  }, [saveState.status, reset]);
  const { form, set, toggleProject, addField, removeField, moveField } = useExportForm(config, touched);
  const errors = fieldErrorsOf(save.state);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = exportInputFrom(form);
    if (!parsed.ok) return save.fail(parsed.errors);
    save.run(() => saveExport(parsed.input), onSaved);
  };

  // A refused save: take the admin to the first field marked.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (save.state.status === 'invalid') formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.state]);

  const saving = save.state.status === 'saving';
  return (
    <Section
      id="export-settings"
      title="Export to S3"
      description="Provisio exports each chosen project's issues to your S3 bucket, incrementally: every run writes what changed since the last one as gzipped JSON Lines, partitioned by project and day, ready for Athena."
    >
      {!config.awsConnected && (
        <p className="provisio-error" role="alert" data-testid="export-aws-not-connected">
          The export writes with the AWS connection&apos;s role, and there is none yet: connect AWS on the AWS &amp; account vending tab.
        </p>
      )}
      <form ref={formRef} className="admin-form" onSubmit={submit} noValidate aria-label="Export settings">
        <ExportDestinationFields form={form} errors={errors} awsRegion={config.awsRegion} onChange={set} />
        <ExportProjectsField projects={config.jiraProjects} form={form} error={errors.projects} onToggle={toggleProject} onChange={set} />
        <ExportFieldsPicker catalog={config.jiraFields} chosen={form.fields} error={errors.fieldRefs} onAdd={addField} onRemove={removeField} onMove={moveField} />
        <ExportScheduleFields form={form} errors={errors} scheduleOptions={config.scheduleOptions} onChange={set} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={saving} aria-busy={saving} data-testid="export-save">
            {saving ? 'Saving…' : 'Save export settings'}
          </button>
          <span className="muted">Checked when you save: nothing changes unless every field is valid.</span>
        </div>
        <SaveFeedback state={save.state} testIdPrefix="export" savedMessage="Export settings saved." otherErrors={unshownErrors(errors, SHOWN)} />
      </form>
      <ExportTest configured={config.settings !== undefined} />
    </Section>
  );
}
