import type { PanelInfo } from '@shared/resolver-contract';
import type { RetryState } from '../hooks/use-retry';
import { NoRun } from './NoRun';
import { PanelFooter } from './PanelFooter';
import { RunDetails } from './RunDetails';

export interface PanelInfoViewProps {
  info: PanelInfo;
  live: boolean;
  refreshError?: string;
  retry: RetryState;
  onRetry: () => void;
}

export function PanelInfoView({ info, live, refreshError, retry, onRetry }: PanelInfoViewProps) {
  return (
    <>
      {info.run ? <RunDetails run={info.run} canRetry={info.canRetry} live={live} refreshError={refreshError} retry={retry} onRetry={onRetry} /> : <NoRun />}
      <PanelFooter issueKey={info.issueKey} appVersion={info.appVersion} />
    </>
  );
}
