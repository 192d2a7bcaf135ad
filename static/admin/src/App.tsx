import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { useResolver } from '@common/use-resolver';
import { getAdminInfo } from './api';
import { AdminInfoView } from './components/AdminInfoView';

export function App() {
  const { state } = useResolver(getAdminInfo);
  return (
    <main className="provisio-admin">
      <h1 className="provisio-heading">Provisio settings</h1>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorMessage testId="admin-error" message={state.message} />}
      {state.status === 'ready' && <AdminInfoView info={state.data} />}
    </main>
  );
}
