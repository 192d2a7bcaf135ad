import { DateTime } from '@common/components/DateTime';

/** When the run last changed, how many attempts it took, and whether the panel is still watching. */
export function RunMeta({ updatedAt, attempts, live, refreshError }: { updatedAt: string; attempts: number; live: boolean; refreshError?: string }) {
  return (
    <>
      <p className="run-meta muted" data-testid="run-updated">
        Last updated <DateTime iso={updatedAt} />
        {attempts > 0 && ` · ${attempts === 1 ? '1 attempt' : `${attempts} attempts`}`}
        {live && <span className="run-live"> · updating live</span>}
      </p>
      {refreshError && (
        <p className="run-stale" role="status" data-testid="refresh-error">
          Could not refresh: {refreshError}
        </p>
      )}
    </>
  );
}
