/** The page shell every sandbox Jira page shares: head, header with the user and links, messages. */
import { initials } from './format';
import { html, type SafeHtml } from './html';
import type { DemoUser, Flash } from './session';

export const STYLESHEET_PATH = '/__sandbox/ui/styles.css';

export interface Viewer {
  user: DemoUser;
  /** From /rest/api/3/myself. */
  displayName: string;
}

export interface PageOptions {
  title: string;
  viewer?: Viewer;
  flash?: Flash;
  /** The nav entry to mark as current. */
  current?: 'requests' | 'portal' | 'admin' | 'sandbox';
  body: SafeHtml;
}

function navLink(href: string, label: string, active: boolean): SafeHtml {
  return html`<a href="${href}"${active ? html` class="active" aria-current="page"` : ''}>${label}</a>`;
}

export function roleChips(roles: readonly string[]): SafeHtml {
  return html`${roles.map((r) => html`<span class="chip chip-${r}">${r}</span>`)}`;
}

export function page(opts: PageOptions): SafeHtml {
  const { viewer } = opts;
  const isAdmin = viewer?.user.roles.includes('admin') ?? false;
  return html`<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${opts.title} · Provisio sandbox</title>
  <link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
  <header class="topbar">
    <a class="brand" href="/"><span class="logo" aria-hidden="true">◆</span> Jira Service Management <span class="brand-sub">Provisio sandbox</span></a>
    <nav class="nav" aria-label="Main">
      ${viewer ? navLink('/', 'Requests', opts.current === 'requests') : ''}
      ${viewer ? navLink('/portal', 'Raise a request', opts.current === 'portal') : ''}
      ${isAdmin ? navLink('/jira/settings/apps/provisio', 'Provisio settings', opts.current === 'admin') : ''}
      ${navLink('/__sandbox/', 'Sandbox', opts.current === 'sandbox')}
    </nav>
    <div class="who">
      ${
        viewer
          ? html`<span class="avatar" aria-hidden="true">${initials(viewer.displayName)}</span>
        <span class="who-name" data-testid="signed-in-user">${viewer.displayName}</span>
        ${roleChips(viewer.user.roles)}
        <form method="post" action="/logout" class="inline"><button type="submit" class="button subtle">Sign out</button></form>`
          : html`<a class="button" href="/login">Sign in</a>`
      }
    </div>
  </header>
  <main class="content">
    ${opts.flash ? html`<div class="flash flash-${opts.flash.kind}" role="${opts.flash.kind === 'error' ? 'alert' : 'status'}">${opts.flash.text}</div>` : ''}
    ${opts.body}
  </main>
</body>
</html>`;
}

/** A whole page saying what went wrong, in words. */
export function messagePage(opts: { title: string; message: string; viewer?: Viewer; details?: SafeHtml }): SafeHtml {
  return page({
    title: opts.title,
    viewer: opts.viewer,
    body: html`<section class="card message">
      <h1>${opts.title}</h1>
      <p data-testid="page-message">${opts.message}</p>
      ${opts.details ?? ''}
      <p><a href="/">Back to requests</a></p>
    </section>`,
  });
}

/** A status lozenge coloured by Jira's status category colour name. */
export function lozenge(name: string, colorName: string | undefined, testId?: string): SafeHtml {
  const colour = /^[a-z-]+$/.test(colorName ?? '') ? colorName : 'medium-gray';
  return html`<span class="lozenge lozenge-${colour}"${testId ? html` data-testid="${testId}"` : ''}>${name}</span>`;
}
