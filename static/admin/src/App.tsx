import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { AdminInfoView } from './components/AdminInfoView';
import { AdminTabs } from './components/AdminTabs';
import { useAdminData } from './hooks/use-admin-data';

export function App() {
  const { info, config, reloadConfig } = useAdminData();
  return (
    <main className="provisio-admin">
      <h1 className="provisio-heading">Provisio settings</h1>
      {/* get-info checks the viewer is a Jira admin: when it refuses, that message is all the page shows. */}
      {info.status === 'loading' && <Loading />}
      {info.status === 'error' && <ErrorMessage testId="admin-error" message={info.message} />}
      {info.status === 'ready' && (
        <>
          <AdminInfoView info={info.data} />
          <AdminTabs config={config} reloadConfig={reloadConfig} />
        </>
      )}
    </main>
  );
}
