import { route } from '@forge/api';
import { NotFoundError } from '../../domain/errors';
import type { GrantDesk } from '../../usecases/grant-ports';
import { JiraClient } from './jira-client';
import { JiraService } from './jira-service';


/** Jira and JSM as just-in-time access needs them, acting as the app. */
export class JiraGrantDesk implements GrantDesk {
  private readonly service: JiraService;

  constructor(
    private readonly jira: JiraClient = JiraClient.forApp(),
    service?: JiraService,
  ) {
    this.service = service ?? new JiraService(jira);
  }

  async customerRequest(issueIdOrKey: string): Promise<Awaited<ReturnType<GrantDesk['customerRequest']>>> {
    const { issueId, issueKey, requestTypeId, status, reporter, fields } = await this.service.customerRequest(issueIdOrKey);
    return { issueId, issueKey, requestTypeId, status, ...(reporter ? { reporter } : {}), fields };
  }

  approval(issueKey: string): ReturnType<GrantDesk['approval']> {
    return this.service.approval(issueKey);
  }

  status(issueKey: string): Promise<string> {
    return this.service.status(issueKey);
  }

  async displayName(accountId: string): Promise<string> {
    try {
      const user = await this.jira.get<{ displayName?: string }>(route`/rest/api/3/user?accountId=${accountId}`, `read user ${accountId}`);
      return user.displayName ?? accountId;
    } catch (error) {
      if (error instanceof NotFoundError) return accountId;
      throw error;
    }
  }

  /** Public comments: the requester sees what was granted and removed, and when. */
  async commentOnce(issueKey: string, marker: string, text: string): Promise<void> {
    if (await this.service.hasComment(issueKey, marker)) return;
    await this.service.comment(issueKey, text, { internal: false, marker });
  }

  moveTo(issueKey: string, statusName: string): Promise<unknown> {
    return this.service.moveTo(issueKey, statusName);
  }
}
