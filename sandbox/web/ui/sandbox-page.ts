/** `/__sandbox/`: a demo page over the control API (endpoints, virtual clock, invocations, timeline). */
import { seedUsers, type WebUiDeps } from './context';
import { html, type SafeHtml } from './html';
import { roleChips } from './layout';

export const CLOCK_FORM_PATH = '/__sandbox/ui/clock';
export const SETTLE_FORM_PATH = '/__sandbox/ui/settle';

const UNIT_SECONDS: Record<string, number> = { minutes: 60, hours: 3600, days: 86400 };
const MAX_ADVANCE_SECONDS = 366 * 24 * 3600;

/** Seconds for the advance form, or an error sentence. */
export function advanceSeconds(amount: string | undefined, unit: string | undefined): number | string {
  const n = Number(amount);
  const per = UNIT_SECONDS[unit ?? ''];
  if (!per) return 'Choose minutes, hours or days.';
  if (!amount || !Number.isFinite(n) || n <= 0) return 'Enter how far to move the clock, a number above zero.';
  const seconds = Math.round(n * per);
  return seconds > MAX_ADVANCE_SECONDS ? 'The clock moves at most a year at a time.' : seconds;
}

export function sandboxPage(deps: WebUiDeps): SafeHtml {
  const { platform } = deps;
  const pending = platform.timeline.pending();
  const invocations = platform.log.list();
  const recent = invocations.slice(-10).reverse();
  const endpoint = (path: string, what: string) => html`<li><a href="${path}"><code>GET ${path}</code></a> — ${what}</li>`;
  return html`<h1>Sandbox control</h1>
    <p class="lead">The local Forge platform and the stand-ins behind this Jira. The JSON control API is on the same origin.</p>
    <div class="grid-2">
      <section class="card">
        <h2>Virtual clock</h2>
        <p>Now: <strong data-testid="virtual-now">${new Date(platform.clock.now()).toISOString()}</strong></p>
        <form method="post" action="${CLOCK_FORM_PATH}" class="row-form">
          <label for="advance-amount">Advance by</label>
          <input id="advance-amount" type="number" name="amount" min="1" step="any" value="1">
          <select name="unit" aria-label="Unit">
            <option value="minutes">minutes</option>
            <option value="hours" selected>hours</option>
            <option value="days">days</option>
          </select>
          <button type="submit" class="button primary">Advance</button>
        </form>
        <form method="post" action="${SETTLE_FORM_PATH}" class="row-form">
          <button type="submit" class="button">Settle</button> <span class="muted">run everything already due (queues, retries)</span>
        </form>
      </section>
      <section class="card">
        <h2>Control API</h2>
        <ul class="links">
          ${endpoint('/__sandbox/endpoints', 'URLs and demo credentials')}
          ${endpoint('/__sandbox/clock', 'virtual time (POST {"advanceSeconds": N} to move it)')}
          ${endpoint('/__sandbox/invocations', 'every Forge function invocation')}
          ${endpoint('/__sandbox/timeline', 'scheduled work: triggers, queued events, retries')}
          ${endpoint('/__sandbox/faults', 'injected faults (POST to add, DELETE to clear)')}
        </ul>
      </section>
    </div>
    <section class="card">
      <h2>Timeline <span class="muted">(${pending.length} pending)</span></h2>
      ${
        pending.length
          ? html`<table class="issues compact"><thead><tr><th>Due</th><th>What</th></tr></thead><tbody>
        ${pending.slice(0, 15).map((p) => html`<tr><td class="when">${new Date(p.dueAt).toISOString()}</td><td>${p.label}</td></tr>`)}
      </tbody></table>`
          : html`<p class="muted">Nothing scheduled.</p>`
      }
    </section>
    <section class="card">
      <h2>Recent invocations <span class="muted">(${invocations.length} in all)</span></h2>
      ${
        recent.length
          ? html`<table class="issues compact"><thead><tr><th>Started</th><th>Function</th><th>Module</th><th>Outcome</th></tr></thead><tbody>
        ${recent.map(
          (r) => html`<tr><td class="when">${r.start}</td><td><code>${r.functionKey}</code></td><td>${r.moduleType}</td>
            <td><span class="outcome outcome-${r.outcome}">${r.outcome}</span>${r.error ? html` <span class="muted">${r.error}</span>` : ''}</td></tr>`,
        )}
      </tbody></table>`
          : html`<p class="muted">No invocations yet.</p>`
      }
    </section>
    <section class="card">
      <h2>Demo users</h2>
      <table class="issues compact"><thead><tr><th>User</th><th>Roles</th><th>Email</th><th>API token</th></tr></thead><tbody>
        ${seedUsers(deps).map((u) => html`<tr><td>${u.displayName}</td><td>${roleChips(u.roles)}</td><td>${u.email}</td><td><code>${u.token}</code></td></tr>`)}
      </tbody></table>
      <p class="muted">REST clients use Basic auth with email and API token against <code>${deps.origin()}</code>.</p>
    </section>`;
}
