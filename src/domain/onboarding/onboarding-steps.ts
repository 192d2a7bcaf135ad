import type { OnboardingRequest } from './onboarding-request';

/** The steps of one onboarding run, in order; group steps are one per group so each is visible and retried alone. */
export function onboardingSteps(request: OnboardingRequest): { id: string; title: string }[] {
  return [
    { id: 'create-user', title: `Create Okta user ${request.login}` },
    ...request.groups.map((group) => ({ id: `add-group:${group}`, title: `Add to group ${group}` })),
    { id: 'follow-up', title: 'Follow-up provisioning' },
    { id: 'comment-agents', title: 'Internal comment for agents' },
    { id: 'comment-requester', title: 'Comment for the requester' },
    { id: 'resolve', title: 'Resolve the request' },
  ];
}
