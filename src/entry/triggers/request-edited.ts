import type { InvocationError } from '@forge/events';
import { preflightAccountRequest } from '../../usecases/preflight-account-request';
import { vendingDeps } from '../vending-composition';
import { redeliveryFor } from './redelivery';

interface EditEvent {
  changelog?: { id?: unknown; items?: { fieldId?: unknown }[] };
}

/** An edit (no status change) of an "New AWS account" request still waiting for approval is checked again. */
export async function onRequestEdited(event: EditEvent, issue: { issueId: string; issueKey: string }): Promise<InvocationError | void> {
  const changelogId = event.changelog?.id;
  const changedFieldIds = (event.changelog?.items ?? []).flatMap((item) => (typeof item.fieldId === 'string' ? [item.fieldId] : []));
  if ((typeof changelogId !== 'string' && typeof changelogId !== 'number') || changedFieldIds.length === 0) return;
  try {
    const outcome = await preflightAccountRequest(issue, vendingDeps(), { changelogId: String(changelogId), changedFieldIds });
    if (outcome === 'checked') console.info(`pre-flight check posted again on ${issue.issueKey} after an edit`);
  } catch (error) {
    return redeliveryFor(error, `check ${issue.issueKey} again after an edit`);
  }
}
