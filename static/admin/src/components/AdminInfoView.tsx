import type { AdminInfo } from '@shared/resolver-contract';

export function AdminInfoView({ info }: { info: AdminInfo }) {
  return (
    <p className="provisio-summary muted">
      <span data-testid="admin-viewer">Signed in as {info.viewerDisplayName}</span> · Provisio version <span data-testid="admin-app-version">{info.appVersion}</span>
    </p>
  );
}
