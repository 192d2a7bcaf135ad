export function PanelFooter({ issueKey, appVersion }: { issueKey: string; appVersion: string }) {
  return (
    <p className="panel-footer muted">
      <span data-testid="panel-issue-key">{issueKey}</span> · Provisio <span data-testid="panel-app-version">{appVersion}</span>
    </p>
  );
}
