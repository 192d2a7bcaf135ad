import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { useResolver } from '@common/use-resolver';
import { getPanelInfo } from './api';
import { PanelInfoView } from './components/PanelInfoView';

export function App() {
  const { state } = useResolver(getPanelInfo);
  return (
    <main className="provisio-panel">
      <h2 className="provisio-heading">Provisio</h2>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage testId="panel-error" message={state.message} />}
      {state.status === 'ready' && <PanelInfoView info={state.data} />}
    </main>
  );
}
