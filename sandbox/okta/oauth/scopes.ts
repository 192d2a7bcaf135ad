/**
 * Okta API scopes the org authorization server knows: a subset of the spec's 109 (a test keeps
 * every entry in the spec's list). A scope outside this list is "not configured"; a known scope
 * the app was not granted is refused.
 */
export const KNOWN_OKTA_SCOPES: readonly string[] = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.groups.manage',
  'okta.sessions.read',
  'okta.sessions.manage',
  'okta.apps.read',
  'okta.apps.manage',
  'okta.logs.read',
  'okta.roles.read',
  'okta.roles.manage',
  'okta.userTypes.read',
  'okta.userTypes.manage',
  'okta.schemas.read',
  'okta.schemas.manage',
  'okta.policies.read',
  'okta.policies.manage',
  'okta.authorizationServers.read',
  'okta.authorizationServers.manage',
  'okta.idps.read',
  'okta.idps.manage',
  'okta.orgs.read',
  'okta.orgs.manage',
  'okta.apiTokens.read',
  'okta.apiTokens.manage',
  'okta.eventHooks.read',
  'okta.eventHooks.manage',
  'okta.devices.read',
  'okta.devices.manage',
];

/** A `.manage` scope also allows the matching `.read` operations (Okta documents manage ⊇ read). */
export function hasScope(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) return true;
  return required.endsWith('.read') && granted.includes(`${required.slice(0, -'.read'.length)}.manage`);
}
