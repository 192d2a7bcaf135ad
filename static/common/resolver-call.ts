/**
 * The one way both Custom UI packages call their resolvers: `invoke` through the bridge, then a
 * check of the envelope, since the resolver's answer crosses the bridge untyped.
 */
import { invoke } from '@forge/bridge';
import type { ResolverResult } from '@shared/resolver-contract';

export async function callResolver<T>(key: string, payload?: Record<string, unknown>): Promise<ResolverResult<T>> {
  const answer: unknown = await invoke(key, payload);
  if (!isResolverResult(answer)) throw new Error(`Unexpected answer from resolver ${key}`);
  return answer as ResolverResult<T>;
}

export function isResolverResult(value: unknown): value is ResolverResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'data' in value;
  if (value.ok !== false || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string';
}
