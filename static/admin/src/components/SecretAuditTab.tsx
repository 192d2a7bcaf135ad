import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { getSecretAuditConfig } from '../api';
import { useConfig } from '../hooks/use-config';
import { AuditDeliverySection } from './AuditDeliverySection';
import { AuditReportSection } from './AuditReportSection';
import { AuditSettingsSection } from './AuditSettingsSection';

/** Where secret changes come from, how they are judged, and the report of recent ones. */
export function SecretAuditTab() {
  const { state, reload } = useConfig(getSecretAuditConfig);
  if (state.status === 'loading') return <Loading label="Loading the secret change audit…" />;
  if (state.status === 'error') return <ErrorMessage testId="audit-config-error" message={state.message} />;
  return (
    <>
      <AuditDeliverySection config={state.data} />
      <AuditSettingsSection config={state.data} onSaved={reload} />
      <AuditReportSection />
    </>
  );
}
