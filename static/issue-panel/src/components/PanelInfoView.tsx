import type { PanelInfo } from '@shared/resolver-contract';

export function PanelInfoView({ info }: { info: PanelInfo }) {
  return (
    <dl className="provisio-facts">
      <dt>Request</dt>
      <dd data-testid="panel-issue-key">{info.issueKey}</dd>
      <dt>Provisio version</dt>
      <dd data-testid="panel-app-version">{info.appVersion}</dd>
    </dl>
  );
}
