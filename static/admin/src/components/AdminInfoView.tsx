import type { AdminInfo } from '@shared/resolver-contract';

export function AdminInfoView({ info }: { info: AdminInfo }) {
  return (
    <section className="provisio-summary">
      <p>
        Provisio version <span data-testid="admin-app-version">{info.appVersion}</span>
      </p>
      <p data-testid="admin-viewer">Signed in as {info.viewerDisplayName}</p>
    </section>
  );
}
