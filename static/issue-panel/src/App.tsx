import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { getPanelInfo } from './api';
import { PanelInfoView } from './components/PanelInfoView';
import { useJitGrant } from './hooks/use-jit-grant';
import { usePanelInfo } from './hooks/use-panel-info';
import { useRetry } from './hooks/use-retry';
import { useSecretChanges } from './hooks/use-secret-changes';

export function App() {
  const { state, refresh } = usePanelInfo(getPanelInfo);
  const run = state.status === 'ready' ? state.data.run : undefined;
  const { state: retry, retry: onRetry } = useRetry(run, refresh);
  // Each kind of request is asked about only when the ones before it are ruled out: a request with
  // a provisioning run is no request for temporary access, and one for temporary access is no
  // "Secret change" request. (A failed temporary-access check still lets the secret check run.)
  const noRun = state.status === 'ready' && !run;
  const jit = useJitGrant(noRun);
  const { state: secretChanges, refresh: refreshSecretChanges } = useSecretChanges(noRun && (jit.state.status === 'none' || jit.state.status === 'error'));
  // The host already shows the panel's title; the frame keeps its own heading for screen readers.
  return (
    <main className="provisio-panel" aria-labelledby="provisio-title">
      <h2 id="provisio-title" className="visually-hidden">
        Provisio
      </h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage testId="panel-error" message={state.message} />}
      {state.status === 'ready' && (
        <PanelInfoView
          info={state.data}
          live={state.live}
          refreshError={state.refreshError}
          retry={retry}
          onRetry={onRetry}
          jit={jit}
          secretChanges={secretChanges}
          onRefreshSecretChanges={refreshSecretChanges}
        />
      )}
    </main>
  );
}
