/**
 * The one rule every path that changes a membership obeys (a grant starting, a grant ending,
 * the drift sweep): a person is a member while any live grant or a permanent place covers them,
 * a permanent member is never removed, and a group is never left with no member at all.
 */
export interface MembershipFacts {
  /** Is the person a member now (read from the target)? */
  isMember: boolean;
  /** Does this action want the person in (a grant starting)? */
  wanted: boolean;
  /** Other live grants that need the membership, by ticket key. */
  coveredBy: readonly string[];
  permanent: boolean;
  /** Members of the target now, the person included when a member. */
  memberCount: number;
}

export type MembershipPlan =
  | { kind: 'add' }
  | { kind: 'remove' }
  | { kind: 'nothing'; why: 'already-member' | 'already-absent' }
  | { kind: 'keep'; why: 'permanent' | 'covered' | 'last-member'; coveredBy?: readonly string[] };

export function planMembership(facts: MembershipFacts): MembershipPlan {
  const needed = facts.wanted || facts.permanent || facts.coveredBy.length > 0;
  if (needed) {
    if (!facts.isMember) return { kind: 'add' };
    if (facts.wanted) return { kind: 'nothing', why: 'already-member' };
    return facts.permanent ? { kind: 'keep', why: 'permanent' } : { kind: 'keep', why: 'covered', coveredBy: facts.coveredBy };
  }
  if (!facts.isMember) return { kind: 'nothing', why: 'already-absent' };
  if (facts.memberCount <= 1) return { kind: 'keep', why: 'last-member' };
  return { kind: 'remove' };
}

/** Whether a target-side principal is one of the permanent members named in the policy. */
export function isPermanentMember(principal: { id: string; label: string }, permanent: readonly string[], resolvedIds: ReadonlySet<string> = new Set()): boolean {
  if (resolvedIds.has(principal.id)) return true;
  const names = new Set(permanent.map((p) => p.toLowerCase()));
  return names.has(principal.id.toLowerCase()) || names.has(principal.label.toLowerCase());
}
