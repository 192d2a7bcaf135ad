import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { getExportConfig } from '../export-api';
import { useConfig } from '../hooks/use-config';
import { useExportStatus } from '../hooks/use-export-status';
import { ExportLayoutSection } from './ExportLayoutSection';
import { ExportSettingsForm } from './ExportSettingsForm';
import { ExportStatusSection } from './ExportStatusSection';
import '../export.css';

/** The Jira → S3 export: its settings (and Test), Run now with the state of each project, and the object layout for reference. */
export function ExportTab() {
  const { state, reload } = useConfig(getExportConfig);
  const { state: status, refresh } = useExportStatus();
  if (state.status === 'loading') return <Loading label="Loading the export settings…" />;
  if (state.status === 'error') return <ErrorMessage testId="export-config-error" message={state.message} />;
  const projects = status.status === 'ready' && status.data.configured ? status.data.projects.map((p) => p.project) : (state.data.settings?.projects ?? []);
  const saved = async () => {
    await reload();
    refresh();
  };
  return (
    <>
      <ExportSettingsForm config={state.data} onSaved={saved} />
      <ExportStatusSection status={status} projects={projects} refresh={refresh} />
      <ExportLayoutSection config={state.data} />
    </>
  );
}
