/**
 * The permission model of the stand-in: an identity may call an action when one of its allowed
 * action patterns matches it (`organizations:CreateAccount`, `organizations:List*`, `*`).
 * IAM compares action names case-insensitively and supports `*` and `?` wildcards.
 */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(action);
}

export function isActionAllowed(allowedActions: readonly string[], action: string): boolean {
  return allowedActions.some((pattern) => actionMatches(pattern, action));
}

/** Actions every authenticated identity may call whatever its policy says. */
export const ALWAYS_ALLOWED_ACTIONS: readonly string[] = ['sts:GetCallerIdentity'];
