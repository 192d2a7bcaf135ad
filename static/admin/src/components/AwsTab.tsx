import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { getAwsConfig } from '../api';
import { useConfig } from '../hooks/use-config';
import { AwsConnectionSection } from './AwsConnectionSection';
import { AwsRoleActions } from './AwsRoleActions';
import { VendingSection } from './VendingSection';

/** The AWS connection (and its test), account vending, and what the role needs. */
export function AwsTab() {
  const { state, reload } = useConfig(getAwsConfig);
  if (state.status === 'loading') return <Loading label="Loading the AWS settings…" />;
  if (state.status === 'error') return <ErrorMessage testId="aws-config-error" message={state.message} />;
  return (
    <>
      <AwsConnectionSection config={state.data} onSaved={reload} />
      <VendingSection config={state.data} onSaved={reload} />
      <AwsRoleActions actions={state.data.roleActions} />
    </>
  );
}
