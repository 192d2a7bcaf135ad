/** Issue entity properties (JSON values of at most 32 KB under keys of at most 255 characters). */
import { badRequest, forbidden, notFound } from '../errors';
import { issuePermissions } from '../permissions';
import { visibleIssue, type StoreContext } from './context';

const PROPERTY_KEY_LIMIT = 255;
const PROPERTY_VALUE_LIMIT = 32768;

export function checkProperty(key: string, value: unknown): unknown {
  if (key.length === 0 || key.length > PROPERTY_KEY_LIMIT) throw badRequest(`The property key can't be longer than ${PROPERTY_KEY_LIMIT} characters.`);
  if (value === undefined) throw badRequest('The property value must be valid JSON.');
  if (Buffer.byteLength(JSON.stringify(value)) > PROPERTY_VALUE_LIMIT) throw badRequest(`The property value can't be longer than ${PROPERTY_VALUE_LIMIT} bytes.`);
  return value;
}

/** Returns true when the property was created (201), false when replaced (200). */
export function setIssueProperty(ctx: StoreContext, actorId: string, idOrKey: string, key: string, value: unknown): boolean {
  const issue = visibleIssue(ctx, actorId, idOrKey);
  if (!issuePermissions(ctx.state, actorId, issue).has('EDIT_ISSUES')) throw forbidden('You do not have permission to edit issues in this project.');
  const created = !Object.prototype.hasOwnProperty.call(issue.properties, key);
  issue.properties[key] = checkProperty(key, value);
  return created;
}

export function getIssueProperty(ctx: StoreContext, actorId: string, idOrKey: string, key: string): unknown {
  const issue = visibleIssue(ctx, actorId, idOrKey);
  if (!Object.prototype.hasOwnProperty.call(issue.properties, key)) throw notFound(`The property with key '${key}' does not exist.`);
  return issue.properties[key];
}

export function deleteIssueProperty(ctx: StoreContext, actorId: string, idOrKey: string, key: string): void {
  const issue = visibleIssue(ctx, actorId, idOrKey);
  if (!issuePermissions(ctx.state, actorId, issue).has('EDIT_ISSUES')) throw forbidden('You do not have permission to edit issues in this project.');
  if (!Object.prototype.hasOwnProperty.call(issue.properties, key)) throw notFound(`The property with key '${key}' does not exist.`);
  delete issue.properties[key];
}
