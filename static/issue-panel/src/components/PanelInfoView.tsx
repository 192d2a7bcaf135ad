import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import type { JitPanelView } from '@shared/jit-contract';
import type { PanelInfo } from '@shared/resolver-contract';
import type { JitState } from '../hooks/use-jit-grant';
import type { RetryState } from '../hooks/use-retry';
import type { SecretChangesState } from '../hooks/use-secret-changes';
import { JitGrantView } from './JitGrantView';
import { JitWaiting } from './JitWaiting';
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
  jit: { state: JitState; refresh: () => void; accept: (view: JitPanelView) => void };
  secretChanges: SecretChangesState;
  onRefreshSecretChanges: () => void;
}

export function PanelInfoView({ info, live, refreshError, retry, onRetry, jit, secretChanges, onRefreshSecretChanges }: PanelInfoViewProps) {
  return (
    <>
      {info.run ? (
        <RunDetails run={info.run} canRetry={info.canRetry} live={live} refreshError={refreshError} retry={retry} onRetry={onRetry} />
      ) : (
        <NoRunBody jit={jit} secretChanges={secretChanges} onRefreshSecretChanges={onRefreshSecretChanges} />
      )}
      <PanelFooter issueKey={info.issueKey} appVersion={info.appVersion} />
    </>
  );
}

/** Without a provisioning run the request may be one for temporary access, or a "Secret change" request. */
function NoRunBody({ jit, secretChanges, onRefreshSecretChanges }: Pick<PanelInfoViewProps, 'jit' | 'secretChanges' | 'onRefreshSecretChanges'>) {
  const { state, refresh, accept } = jit;
  if (state.status === 'idle' || state.status === 'loading') return <Loading />;
  if (state.status === 'ready') {
    const grant = state.view.grant;
    if (!grant) return <JitWaiting onRefresh={refresh} />;
    return <JitGrantView view={state.view} grant={grant} receivedAt={state.receivedAt} refreshError={state.refreshError} refresh={refresh} accept={accept} />;
  }
  return (
    <>
      <SecretChangesBody state={secretChanges} onRefresh={onRefreshSecretChanges} />
      {state.status === 'error' && <ErrorMessage testId="jit-error" message={`Could not check for temporary access: ${state.message}`} />}
    </>
  );
}

function SecretChangesBody({ state, onRefresh }: { state: SecretChangesState; onRefresh: () => void }) {
  if (state.status === 'loading' || state.status === 'idle') return <Loading />;
  if (state.status === 'ready') return <SecretChangesView view={state.view} refreshing={state.refreshing} onRefresh={onRefresh} />;
  return (
    <>
      <NoRun />
      {state.status === 'error' && <ErrorMessage testId="secret-changes-error" message={`Could not check for secret changes: ${state.message}`} />}
    </>
  );
}
