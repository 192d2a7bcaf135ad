import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { getPanelInfo } from './api';
import { PanelInfoView } from './components/PanelInfoView';
import { usePanelInfo } from './hooks/use-panel-info';
import { useRetry } from './hooks/use-retry';
import { useSecretChanges } from './hooks/use-secret-changes';

export function App() {
  const { state, refresh } = usePanelInfo(getPanelInfo);
  const run = state.status === 'ready' ? state.data.run : undefined;
  const { state: retry, retry: onRetry } = useRetry(run, refresh);
  // A request with a provisioning run is no "Secret change" request: only ask when there is none.
  const { state: secretChanges, refresh: refreshSecretChanges } = useSecretChanges(state.status === 'ready' && !run);
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
          secretChanges={secretChanges}
          onRefreshSecretChanges={refreshSecretChanges}
        />
      )}
    </main>
  );
}
