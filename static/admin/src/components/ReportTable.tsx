import { DateTime } from '@common/components/DateTime';
import { OUTCOME_LABELS, principalName, secretName } from '@common/secret-change-format';
import { router } from '@forge/bridge';
import type { SecretChangeView } from '@shared/secret-audit-contract';

/** The changes, newest first: when, outcome, what was called on which secret, by whom and from where, and why it is judged so. */
export function ReportTable({ rows }: { rows: SecretChangeView[] }) {
  return (
    <div className="table-scroll">
      <table className="report-table" data-testid="report-table">
        <caption className="visually-hidden">Secret changes</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Outcome</th>
            <th scope="col">Event</th>
            <th scope="col">Secret</th>
            <th scope="col">Actor</th>
            <th scope="col">Source IP</th>
            <th scope="col">Request or issue</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid="report-row" data-event-id={row.id} data-outcome={row.outcome}>
              <td className="nowrap">
                <DateTime iso={row.eventTime} />
              </td>
              <td>
                <span className={`lozenge lozenge-${row.outcome}`} data-testid="report-outcome-label">
                  {OUTCOME_LABELS[row.outcome]}
                </span>
              </td>
              <td data-testid="report-event-name">{row.eventName}</td>
              <td className="wrap" title={`${row.secretArn} (account ${row.account}, ${row.region})`} data-testid="report-secret-name">
                {secretName(row.secretArn)}
              </td>
              <td className="wrap" title={row.actorArn} data-testid="report-actor-name">
                {principalName(row.actorArn)}
              </td>
              <td className="mono nowrap">{row.sourceIp}</td>
              <td className="wrap">
                <Judgement row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Judgement({ row }: { row: SecretChangeView }) {
  if (row.outcome === 'matched' && row.ticketKey) return <IssueLink issueKey={row.ticketKey} />;
  if (row.outcome === 'automated') return <span title={row.automatedBy}>Automation{row.automatedBy ? `: ${principalName(row.automatedBy)}` : ''}</span>;
  return (
    <>
      {row.unapprovedIssueKey && <IssueLink issueKey={row.unapprovedIssueKey} />}
      {row.reason && <span className="reason">{row.reason}</span>}
    </>
  );
}

/** An issue key that opens the issue (through the host: a Custom UI frame cannot navigate Jira itself). */
function IssueLink({ issueKey }: { issueKey: string }) {
  return (
    <button type="button" className="link-button issue-link" onClick={() => void router.open({ target: 'issue', issueKey }).catch(() => undefined)} data-testid="report-issue-key">
      {issueKey}
    </button>
  );
}
