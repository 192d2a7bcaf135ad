import { KNOWN_OKTA_SCOPES, OKTA_ROUTES } from '../../sandbox/okta';
import { describeWithContracts } from '../helpers/contracts';
import { KNOWN_GAPS, unexplainedFindings } from './conformance';
import { ExchangeRecorder, createWorld, json, type Exchange, type OktaWorld } from './client';
import { OktaSpec, SPEC_PATCHES, specOf } from './spec';

/**
 * The route table against the official specs, plus one scenario that drives every served route
 * (successes and Okta's usual refusals) and holds every exchange to the spec.
 */
describeWithContracts('Okta stand-in ↔ official OpenAPI specs', () => {
  let spec: OktaSpec;
  beforeAll(() => {
    spec = OktaSpec.load();
  });

  describe('the route table', () => {
    test.each(OKTA_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s exists in the spec with the same OAuth scope', (_name, route) => {
      const operation = spec.operation(route.spec, route.method, route.path.replace(/\{(\w+)\}/g, 'x$1'));
      expect(operation?.template).toBe(route.path);
      if (route.scope) expect(spec.oauthScopes(operation!)).toEqual([route.scope]);
    });

    test('every scope the org authorization server knows is an Okta API scope of the spec', () => {
      const flows = ((spec.docs.management.components as Record<string, unknown>).securitySchemes as { oauth2: { flows: Record<string, { scopes: Record<string, string> }> } })
        .oauth2.flows;
      const specScopes = new Set(Object.values(flows).flatMap((f) => Object.keys(f.scopes)));
      expect(KNOWN_OKTA_SCOPES.filter((s) => !specScopes.has(s))).toEqual([]);
    });
  });

  describe('the documented departures stay honest', () => {
    test.each(KNOWN_GAPS.filter((g) => g.template).map((g) => [`${g.method} ${g.template} ${g.status}`, g] as const))(
      'known gap %s is really undocumented in the spec',
      (_name, gap) => {
        const operation = spec.operation('management', gap.method!, gap.template!);
        expect(operation).toBeDefined();
        expect(spec.documentedStatuses(operation!)).not.toContain(String(gap.status));
      },
    );

    test('401 is undocumented on every served Management API route', () => {
      for (const route of OKTA_ROUTES.filter((r) => r.spec === 'management')) {
        const operation = spec.operation('management', route.method, route.path.replace(/\{(\w+)\}/g, 'x$1'))!;
        expect(spec.documentedStatuses(operation)).not.toContain('401');
      }
    });

    test('each spec patch adds a value the original spec lacks', () => {
      for (const patch of SPEC_PATCHES) expect(patch.why.length).toBeGreaterThan(20);
      const tokenResponse = spec.operation('oauth', 'POST', '/oauth2/v1/token')!;
      expect(spec.documentedStatuses(tokenResponse)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    });
  });

  describe('the checker itself', () => {
    const fake = (over: Partial<Exchange>): Exchange => ({ method: 'GET', path: '/api/v1/groups', status: 200, responseText: 'x', headers: new Headers(), ...over });

    test('catches a wrong response body, an undocumented body and a missing body', () => {
      const wrongType = spec.check('management', fake({ responseBody: [{ id: 5, type: 'NOT_A_TYPE' }] }));
      expect(wrongType.map((f) => f.kind)).toEqual(['response-schema']);
      const bodyOn204 = spec.check('management', fake({ method: 'PUT', path: '/api/v1/groups/00g1/users/00u1', status: 204, responseText: '{}' }));
      expect(bodyOn204.map((f) => f.kind)).toEqual(['unexpected-body']);
      const noBody = spec.check('management', fake({ responseText: '' }));
      expect(noBody.map((f) => f.kind)).toEqual(['missing-body']);
    });

    test('catches a wrong request body and an undocumented status', () => {
      const badRequest = spec.check('management', fake({ method: 'POST', path: '/api/v1/users', requestBody: { credentials: {} }, responseBody: {}, responseText: '{}' }));
      expect(badRequest.map((f) => f.kind)).toContain('request-schema');
      const teapot = spec.check('management', fake({ status: 418, responseBody: { errorCode: 'E0000000' } }));
      expect(teapot.map((f) => f.kind)).toEqual(['undocumented-status']);
    });

    test('resolves the token request discriminator to the client_credentials schema', () => {
      const missingScope = spec.check(
        'oauth',
        fake({ method: 'POST', path: '/oauth2/v1/token', requestContentType: 'application/x-www-form-urlencoded', requestBody: { grant_type: 'client_credentials' }, status: 400, responseBody: { error: 'invalid_scope' } }),
      );
      expect(missingScope.map((f) => f.detail).join()).toContain('scope');
    });
  });

  describe('a scenario over every served route', () => {
    const recorder = new ExchangeRecorder();
    let w: OktaWorld;

    beforeAll(async () => {
      w = await createWorld(recorder);
      await runScenario(w);
    });

    test('every served route answered at least one documented success', () => {
      const uncovered = OKTA_ROUTES.filter((route) => {
        const successes = recorder.exchanges.filter(
          (e) => e.method === route.method && e.status < 300 && spec.operation(specOf(e.path), e.method, e.path)?.template === route.path,
        );
        return successes.length === 0;
      });
      expect(uncovered.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    });

    test('Okta\'s usual refusals were exercised: 400, 401, 403, 404, 429', () => {
      const statuses = new Set(recorder.exchanges.map((e) => e.status));
      for (const status of [400, 401, 403, 404, 429]) expect(statuses).toContain(status);
    });

    test('every exchange matches the spec (request bodies, statuses, response bodies)', () => {
      expect(unexplainedFindings(spec, recorder.exchanges)).toEqual([]);
    });
  });
});

/** Drives each served route the way Provisio would, plus the refusals it must handle. */
async function runScenario(w: OktaWorld): Promise<void> {
  const c = w.client;
  await c.authenticate(['okta.users.manage', 'okta.users.read', 'okta.groups.manage', 'okta.groups.read']);
  const engineering = w.seed.groups.find((g) => g.name === 'Engineering')!.id;
  const profile = { firstName: 'Scenario', lastName: 'User', email: 'scenario.user@provisio-demo.example', login: 'scenario.user@provisio-demo.example', department: 'Engineering', manager: 'ben.ortiz@provisio-demo.example' };

  const created = await json<{ id: string }>(await c.api('POST', '/api/v1/users?activate=false', { body: { profile } }));
  await c.api('POST', '/api/v1/users', { body: { profile: { ...profile, login: w.seed.takenLogin } } });
  await c.api('GET', `/api/v1/users?search=${encodeURIComponent(`profile.login eq "${profile.login}"`)}`);
  await c.api('GET', `/api/v1/users?filter=${encodeURIComponent('status eq "STAGED"')}&limit=1`);
  await c.api('GET', '/api/v1/users?q=Scen');
  await c.api('GET', `/api/v1/users?search=${encodeURIComponent('profile.login eq')}`);
  await c.api('GET', `/api/v1/users/${encodeURIComponent(profile.login)}`);
  await c.api('GET', '/api/v1/users/00uDoesNotExist00000');
  await c.api('POST', `/api/v1/users/${created.id}`, { body: { profile: { title: 'Engineer' } } });
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/activate?sendEmail=false`);
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/reactivate?sendEmail=false`);
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/suspend`);
  w.okta.store.completeActivation(created.id);
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/activate`);
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/suspend`);
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/unsuspend`);
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/unsuspend`);
  await c.api('PUT', `/api/v1/groups/${engineering}/users/${created.id}`);
  await c.api('GET', `/api/v1/users/${created.id}/groups`);
  await c.api('GET', '/api/v1/groups?q=Eng');
  await c.api('GET', `/api/v1/groups?filter=${encodeURIComponent('type eq "OKTA_GROUP"')}&limit=3`);
  await c.api('GET', `/api/v1/groups/${engineering}`);
  await c.api('GET', '/api/v1/groups/00gDoesNotExist00000');
  await c.api('GET', `/api/v1/groups/${engineering}/users?limit=2`);
  await c.api('PUT', `/api/v1/groups/${w.seed.groups.find((g) => g.name === 'Okta-Super-Admins')!.id}/users/${created.id}`);
  await c.api('DELETE', `/api/v1/groups/${engineering}/users/${created.id}`);
  await c.api('DELETE', `/api/v1/users/${created.id}/sessions`);
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/deactivate`);
  await c.api('POST', `/api/v1/users/${created.id}/lifecycle/deactivate`);
  await c.api('DELETE', `/api/v1/users/${created.id}`);
  await c.api('GET', '/api/v1/users', { auth: 'Bearer nope', proof: null });
  await c.api('GET', '/api/v1/users', { auth: `Bearer ${c.accessToken}`, proof: null });

  w.okta.store.setRateLimit('groups', 1);
  w.okta.store.rateLimiter.resetWindows();
  await c.api('GET', '/api/v1/groups');
  await c.api('GET', '/api/v1/groups');

  await c.authenticate(['okta.users.read']);
  await c.api('POST', '/api/v1/users', { body: { profile: { ...profile, login: 'other.user@provisio-demo.example', email: 'other.user@provisio-demo.example' } } });
  await c.tokenRequest(c.tokenForm(await c.assertion({ claims: { aud: 'https://other.okta.com/oauth2/v1/token' } }), 'okta.users.read'));
}
