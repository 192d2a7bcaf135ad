import { DateTime } from '@common/components/DateTime';
import { ErrorMessage } from '@common/components/ErrorMessage';
import { Loading } from '@common/components/Loading';
import { useResolver } from '@common/use-resolver';
import type { JitDriftView } from '@shared/jit-contract';
import { getJitDrift } from '../api';
import { Section } from './Section';

type Finding = JitDriftView['targets'][number]['findings'][number];

const ACTION_LABELS: Record<Finding['action'], string> = {
  reported: 'Reported',
  removed: 'Removed',
  'kept-last-member': 'Kept (last member)',
  'remove-failed': 'Removal failed',
};

/** What the sweep found per target: members with neither an active grant nor a permanent place, and what it did. */
export function JitDriftSection() {
  const { state, reload } = useResolver(getJitDrift);
  return (
    <Section
      id="jit-drift"
      title="Drift"
      description="Members of a target who have neither an active grant nor a permanent place, as the sweep found them. With “Remove drift” on, the sweep removes them (never the last member); otherwise it reports them here and on Slack."
    >
      {state.status === 'loading' && <Loading label="Loading the drift report…" />}
      {state.status === 'error' && <ErrorMessage testId="jit-drift-error" message={state.message} />}
      {state.status === 'ready' &&
        (state.data.targets.length === 0 ? (
          <p className="muted" data-testid="jit-drift-empty">
            No targets are configured yet.
          </p>
        ) : (
          <div className="jit-drift" data-testid="jit-drift">
            {state.data.targets.map((target) => (
              <DriftTarget key={target.targetId} target={target} />
            ))}
          </div>
        ))}
      <p className="jit-drift-actions">
        <button type="button" className="button" onClick={reload} disabled={state.status === 'loading'} data-testid="jit-drift-refresh">
          Refresh
        </button>
      </p>
    </Section>
  );
}

function DriftTarget({ target }: { target: JitDriftView['targets'][number] }) {
  const count = target.findings.length;
  return (
    <div className="jit-drift-target" data-testid="jit-drift-target" data-target-id={target.targetId}>
      <h3 className="subsection-title">
        {target.name}{' '}
        <span className={`badge ${count > 0 ? 'badge-danger' : 'badge-ok'}`} data-testid="jit-drift-count">
          {count === 0 ? 'No drift' : count === 1 ? '1 finding' : `${count} findings`}
        </span>
      </h3>
      <p className="field-hint" data-testid="jit-drift-checked">
        {target.checkedAt ? (
          <>
            Last checked <DateTime iso={target.checkedAt} />
          </>
        ) : (
          'Not checked yet.'
        )}
      </p>
      {count > 0 && (
        <div className="table-scroll">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {target.findings.map((f) => (
                <tr key={f.principalId} data-testid="jit-drift-finding" data-action={f.action}>
                  <td>
                    <span title={f.principalId}>{f.label}</span>
                  </td>
                  <td>
                    <DateTime iso={f.firstSeenAt} />
                  </td>
                  <td>
                    <DateTime iso={f.lastSeenAt} />
                  </td>
                  <td>
                    <span className={`badge${f.action === 'removed' ? ' badge-ok' : f.action === 'remove-failed' ? ' badge-danger' : ''}`}>{ACTION_LABELS[f.action]}</span>
                    {f.detail && <span className="reason">{f.detail}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
