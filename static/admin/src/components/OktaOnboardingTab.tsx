import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import type { LoadState } from '@common/use-resolver';
import type { AdminConfigView } from '@shared/resolver-contract';
import { ConfigSections } from './ConfigSections';

/** Okta connection, onboarding and Slack: the configuration the page loads first. */
export function OktaOnboardingTab({ config, onSaved }: { config: LoadState<AdminConfigView>; onSaved: () => Promise<void> }) {
  if (config.status === 'loading') return <Loading label="Loading the configuration…" />;
  if (config.status === 'error') return <ErrorMessage testId="config-error" message={config.message} />;
  return <ConfigSections config={config.data} onSaved={onSaved} />;
}
