import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { getJitConfig } from '../api';
import { useConfig } from '../hooks/use-config';
import { JitAwsActions } from './JitAwsActions';
import { JitDriftSection } from './JitDriftSection';
import { JitSettingsForm } from './JitSettingsForm';

/** Temporary access: the request, the targets and their policies, what AWS needs, and the drift found. */
export function JitTab() {
  const { state, reload } = useConfig(getJitConfig);
  if (state.status === 'loading') return <Loading label="Loading the just-in-time access settings…" />;
  if (state.status === 'error') return <ErrorMessage testId="jit-config-error" message={state.message} />;
  return (
    <>
      <JitSettingsForm config={state.data} onSaved={reload} />
      <JitAwsActions actions={state.data.identityCenterActions} />
      <JitDriftSection />
    </>
  );
}
