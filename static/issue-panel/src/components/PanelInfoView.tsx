import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import type { PanelInfo } from '@shared/resolver-contract';
import type { RetryState } from '../hooks/use-retry';
import type { SecretChangesState } from '../hooks/use-secret-changes';
import { NoRun } from './NoRun';
import { PanelFooter } from './PanelFooter';
import { RunDetails } from './RunDetails';
import { SecretChangesView } from './SecretChangesView';

export interface PanelInfoViewProps {
  info: PanelInfo;
  live: boolean;
  refreshError?: string;
  retry: RetryState;
  onRetry: () => void;
  secretChanges: SecretChangesState;
  onRefreshSecretChanges: () => void;
}

export function PanelInfoView({ info, live, refreshError, retry, onRetry, secretChanges, onRefreshSecretChanges }: PanelInfoViewProps) {
  return (
    <>
      {info.run ? (
        <RunDetails run={info.run} canRetry={info.canRetry} live={live} refreshError={refreshError} retry={retry} onRetry={onRetry} />
      ) : (
        <NoRunBody state={secretChanges} onRefresh={onRefreshSecretChanges} />
      )}
      <PanelFooter issueKey={info.issueKey} appVersion={info.appVersion} />
    </>
  );
}

/** Without a provisioning run the request may still be a "Secret change" request. */
function NoRunBody({ state, onRefresh }: { state: SecretChangesState; onRefresh: () => void }) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'ready') return <SecretChangesView view={state.view} refreshing={state.refreshing} onRefresh={onRefresh} />;
  return (
    <>
      <NoRun />
      {state.status === 'error' && <ErrorMessage testId="secret-changes-error" message={`Could not check for secret changes: ${state.message}`} />}
    </>
  );
}
