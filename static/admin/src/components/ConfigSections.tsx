import type { AdminConfigView } from '@shared/resolver-contract';
import { OktaSection } from './OktaSection';
import { OnboardingSection } from './OnboardingSection';
import { SlackSection } from './SlackSection';

export function ConfigSections({ config, onSaved }: { config: AdminConfigView; onSaved: () => Promise<void> }) {
  return (
    <>
      <OktaSection okta={config.okta} keySaved={config.oktaPrivateKeySaved} onSaved={onSaved} />
      <OnboardingSection config={config} onSaved={onSaved} />
      <SlackSection configured={config.slackConfigured} onSaved={onSaved} />
    </>
  );
}
