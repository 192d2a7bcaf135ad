import type { LoadState } from '@common/use-resolver';
import type { AdminConfigView } from '@shared/resolver-contract';
import { AwsTab } from './AwsTab';
import { ExportTab } from './ExportTab';
import { JitTab } from './JitTab';
import { OktaOnboardingTab } from './OktaOnboardingTab';
import { SecretAuditTab } from './SecretAuditTab';
import { Tabs, type TabDefinition } from './Tabs';

/**
 * The admin page, one tab per area. A new area (the S3 export, say) is one more
 * entry here with its own tab component, which loads its own configuration when first opened.
 */
export function AdminTabs({ config, reloadConfig }: { config: LoadState<AdminConfigView>; reloadConfig: () => Promise<void> }) {
  const tabs: TabDefinition[] = [
    { id: 'okta', label: 'Okta & onboarding', render: () => <OktaOnboardingTab config={config} onSaved={reloadConfig} /> },
    { id: 'aws', label: 'AWS & account vending', render: () => <AwsTab /> },
    { id: 'audit', label: 'Secret change audit', render: () => <SecretAuditTab /> },
    { id: 'jit', label: 'Just-in-time access', render: () => <JitTab /> },
    { id: 'export', label: 'Export to S3', render: () => <ExportTab /> },
  ];
  return <Tabs tabs={tabs} label="Provisio settings" />;
}
