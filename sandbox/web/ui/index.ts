/**
 * The sandbox's Jira-like web UI: sign-in as a demo user, the request list, the customer portal,
 * the issue view with the app's real issue panel, the app's admin page, and a sandbox control
 * page. Server-rendered HTML with plain forms (POST, then redirect); no scripts of its own.
 *
 * It reads and changes Jira only through the REST API as the signed-in user
 * (`deps.jira.fetchAs`), so it knows nothing of the stand-in's internals.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ADMIN_PAGE_PATH, adminPage } from './admin-page';
import { seedUsers, type PageContext, type WebUiDeps } from './context';
import { initials } from './format';
import { html, type SafeHtml } from './html';
import { issuePage } from './issue-page';
import { JiraApiError, JiraClient } from './jira-client';
import { messagePage, page, roleChips, STYLESHEET_PATH, type PageOptions, type Viewer } from './layout';
import { loadRequestType, portalHome, readForm, requestForm, submitRequest } from './portal-page';
import { requestsPage } from './requests-page';
import { CLOCK_FORM_PATH, SETTLE_FORM_PATH, advanceSeconds, sandboxPage } from './sandbox-page';
import { safeNext, setFlash, signIn, signOut, signedInAccountId, takeFlash, type DemoUser } from './session';

export type { WebUiDeps } from './context';

/** The pages carry no scripts; only their own stylesheet, and frames of this origin. */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join('; ');

const STYLES = readFileSync(path.join(__dirname, 'styles.css'), 'utf8');

type Handler = (c: Context, ui: PageContext) => Promise<Response>;

const param = (c: Context, name: string): string => c.req.param(name) ?? '';

export function createWebUi(deps: WebUiDeps): Hono {
  const app = new Hono();

  const send = (c: Context, body: SafeHtml, status = 200): Response => {
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    return c.html(body.toString(), status as ContentfulStatusCode);
  };

  const findUser = (accountId: string | undefined): DemoUser | undefined =>
    accountId ? seedUsers(deps).find((u) => u.accountId === accountId) : undefined;

  /** A readable page for anything a handler throws: Jira's own message, never a stack. */
  const failure = (c: Context, error: unknown, viewer?: Viewer): Response => {
    if (error instanceof JiraApiError) {
      const status = error.status >= 400 && error.status < 500 ? error.status : 502;
      const title = status === 404 ? 'Not found' : status === 403 ? "You don't have access" : 'Jira could not do that';
      return send(c, messagePage({ title, message: error.message, viewer }), status);
    }
    console.error('sandbox web UI failed', error);
    const detail = error instanceof Error && error.message ? error.message : 'unknown error';
    return send(c, messagePage({ title: 'Something went wrong', message: `The sandbox could not show this page: ${detail}`, viewer }), 500);
  };

  /** Pages for a signed-in user; others are sent to sign in (and back after). */
  const signedIn =
    (handler: Handler) =>
    async (c: Context): Promise<Response> => {
      const user = findUser(signedInAccountId(c));
      if (!user) {
        if (signedInAccountId(c)) signOut(c);
        const url = new URL(c.req.url);
        const next = c.req.method === 'GET' ? url.pathname + url.search : '/';
        return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
      }
      const jira = new JiraClient(deps.jira, deps.origin(), user.accountId);
      let viewer: Viewer = { user, displayName: user.displayName };
      try {
        const me = await jira.get<{ displayName?: string }>('/rest/api/3/myself');
        viewer = { user, displayName: me.displayName ?? user.displayName };
      } catch (error) {
        if (error instanceof JiraApiError && error.status === 401) {
          signOut(c);
          return c.redirect('/login', 303);
        }
        return failure(c, error, viewer);
      }
      try {
        return await handler(c, { deps, viewer, jira });
      } catch (error) {
        return failure(c, error, viewer);
      }
    };

  const render = (c: Context, ui: PageContext, opts: Omit<PageOptions, 'viewer' | 'flash'>, status = 200): Response =>
    send(c, page({ ...opts, viewer: ui.viewer, flash: takeFlash(c) }), status);

  // ---- assets, sign-in ----------------------------------------------------------------------

  app.get(STYLESHEET_PATH, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'no-cache');
    return c.body(STYLES);
  });

  app.get('/login', (c) => {
    const next = safeNext(c.req.query('next'));
    const current = findUser(signedInAccountId(c));
    const body = html`<section class="login card">
      <h1>Sign in to the Provisio sandbox</h1>
      <p class="lead">Pick a demo user. This is a local sandbox: no passwords, every user is made up.</p>
      <ul class="user-list">
        ${seedUsers(deps).map(
          (u) => html`<li>
          <form method="post" action="/login">
            <input type="hidden" name="accountId" value="${u.accountId}">
            <input type="hidden" name="next" value="${next}">
            <button type="submit" class="user-choice${current?.accountId === u.accountId ? ' current' : ''}" data-testid="sign-in-as" data-account-id="${u.accountId}">
              <span class="avatar" aria-hidden="true">${initials(u.displayName)}</span>
              <span class="user-text"><strong>${u.displayName}</strong><span class="muted">${u.email}</span></span>
              <span class="user-roles">${roleChips(u.roles)}</span>
            </button>
          </form>
        </li>`,
        )}
      </ul>
    </section>`;
    return send(c, page({ title: 'Sign in', body, flash: takeFlash(c), viewer: current ? { user: current, displayName: current.displayName } : undefined }));
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const accountId = typeof form.accountId === 'string' ? form.accountId : undefined;
    const user = findUser(accountId);
    if (!user) return send(c, messagePage({ title: 'Unknown user', message: 'That demo user does not exist. Pick one from the list.' }), 400);
    signIn(c, user.accountId);
    return c.redirect(safeNext(typeof form.next === 'string' ? form.next : undefined), 303);
  });

  app.post('/logout', (c) => {
    signOut(c);
    return c.redirect('/login', 303);
  });

  // ---- requests, portal ---------------------------------------------------------------------

  app.get(
    '/',
    signedIn(async (c, ui) => render(c, ui, { title: 'Requests', current: 'requests', body: await requestsPage(ui, c.req.query('page') || undefined) })),
  );

  app.get(
    '/portal',
    signedIn(async (c, ui) => render(c, ui, { title: 'Raise a request', current: 'portal', body: await portalHome(ui) })),
  );

  app.get(
    '/portal/:serviceDeskId/:requestTypeId',
    signedIn(async (c, ui) => {
      const sd = param(c, 'serviceDeskId');
      const form = await loadRequestType(ui, sd, param(c, 'requestTypeId'));
      return render(c, ui, { title: form.type.name, current: 'portal', body: requestForm(form, sd) });
    }),
  );

  app.post(
    '/portal/:serviceDeskId/:requestTypeId',
    signedIn(async (c, ui) => {
      const sd = param(c, 'serviceDeskId');
      const form = await loadRequestType(ui, sd, param(c, 'requestTypeId'));
      const values = readForm(await c.req.parseBody({ all: true }));
      const result = await submitRequest(ui, form, sd, values);
      if (!result.ok) return render(c, ui, { title: form.type.name, current: 'portal', body: result.page }, 400);
      setFlash(c, { kind: 'success', text: `Your request ${result.issueKey} was raised.` });
      return c.redirect(`/browse/${encodeURIComponent(result.issueKey)}`, 303);
    }),
  );

  // JSM's `_links.web` of a request points at its portal page; show the issue view there.
  app.get('/servicedesk/customer/portal/:serviceDeskId/:issueKey{[A-Z][A-Z0-9_]*-[0-9]+}', (c) =>
    c.redirect(`/browse/${encodeURIComponent(param(c, 'issueKey'))}`, 302),
  );

  // ---- issue view and its actions -----------------------------------------------------------

  app.get(
    '/browse/:key',
    signedIn(async (c, ui) => {
      const view = await issuePage(ui, param(c, 'key'));
      return render(c, ui, { title: view.title, current: 'requests', body: view.body }, view.status);
    }),
  );

  /** Runs one change as the user, then back to the issue with a message either way. */
  const issueAction = (change: (c: Context, ui: PageContext, key: string, form: Record<string, unknown>) => Promise<string>) =>
    signedIn(async (c, ui) => {
      const key = c.req.param('key') ?? '';
      const form = await c.req.parseBody();
      try {
        setFlash(c, { kind: 'success', text: await change(c, ui, key, form) });
      } catch (error) {
        if (!(error instanceof JiraApiError)) throw error;
        setFlash(c, { kind: 'error', text: error.message });
      }
      return c.redirect(`/browse/${encodeURIComponent(key)}`, 303);
    });

  const str = (value: unknown): string => (typeof value === 'string' ? value : '');

  app.post(
    '/browse/:key/transition',
    issueAction(async (_c, ui, key, form) => {
      const id = str(form.transitionId);
      if (!id) throw new JiraApiError(400, 'Choose a transition.');
      await ui.jira.post(`/rest/api/3/issue/${encodeURIComponent(key)}/transitions`, { transition: { id } });
      return str(form.transitionName) ? `${key}: ${str(form.transitionName)} done.` : `${key} moved on.`;
    }),
  );

  app.post(
    '/browse/:key/comment',
    issueAction(async (_c, ui, key, form) => {
      const body = str(form.body).trim();
      if (!body) throw new JiraApiError(400, 'Write a comment first.');
      const isPublic = str(form.visibility) !== 'internal';
      await ui.jira.post(`/rest/servicedeskapi/request/${encodeURIComponent(key)}/comment`, { body, public: isPublic }).catch(async (error: unknown) => {
        // Not a service request: comment through the platform API (ADF) instead.
        if (!(error instanceof JiraApiError) || error.status !== 404) throw error;
        await ui.jira.post(`/rest/api/3/issue/${encodeURIComponent(key)}/comment`, {
          body: { type: 'doc', version: 1, content: body.split(/\n{2,}/).map((p) => ({ type: 'paragraph', content: [{ type: 'text', text: p }] })) },
        });
      });
      return isPublic ? 'Comment added.' : 'Internal note added.';
    }),
  );

  app.post(
    '/browse/:key/approval/:approvalId',
    issueAction(async (c, ui, key, form) => {
      const decision = str(form.decision);
      if (decision !== 'approve' && decision !== 'decline') throw new JiraApiError(400, 'Choose Approve or Decline.');
      await ui.jira.post(`/rest/servicedeskapi/request/${encodeURIComponent(key)}/approval/${encodeURIComponent(c.req.param('approvalId') ?? '')}`, { decision });
      return decision === 'approve' ? `You approved ${key}.` : `You declined ${key}.`;
    }),
  );

  // ---- the app's admin page -----------------------------------------------------------------

  app.get(
    ADMIN_PAGE_PATH,
    signedIn(async (c, ui) => {
      const view = await adminPage(ui);
      return render(c, ui, { title: 'Provisio settings', current: 'admin', body: view.body }, view.status);
    }),
  );

  // ---- sandbox control page -----------------------------------------------------------------

  const viewerOf = (c: Context): Viewer | undefined => {
    const user = findUser(signedInAccountId(c));
    return user ? { user, displayName: user.displayName } : undefined;
  };

  app.get('/__sandbox', (c) => c.redirect('/__sandbox/', 301));
  app.get('/__sandbox/', (c) => send(c, page({ title: 'Sandbox', current: 'sandbox', viewer: viewerOf(c), flash: takeFlash(c), body: sandboxPage(deps) })));

  app.post(CLOCK_FORM_PATH, async (c) => {
    const form = await c.req.parseBody();
    const seconds = advanceSeconds(str(form.amount), str(form.unit));
    if (typeof seconds === 'string') {
      setFlash(c, { kind: 'error', text: seconds });
    } else {
      try {
        await deps.platform.advance(seconds);
        setFlash(c, { kind: 'success', text: `The clock moved ${str(form.amount)} ${str(form.unit)} to ${new Date(deps.platform.clock.now()).toISOString()}.` });
      } catch (error) {
        return failure(c, error, viewerOf(c));
      }
    }
    return c.redirect('/__sandbox/', 303);
  });

  app.post(SETTLE_FORM_PATH, async (c) => {
    try {
      await deps.platform.settle();
    } catch (error) {
      return failure(c, error, viewerOf(c));
    }
    setFlash(c, { kind: 'success', text: 'Everything due has run.' });
    return c.redirect('/__sandbox/', 303);
  });

  return app;
}
