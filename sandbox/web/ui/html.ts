/**
 * A tiny HTML template tag for the sandbox's server-rendered pages: every interpolated value is
 * escaped unless it is already `SafeHtml` (the result of another `html` template, or `raw`).
 * Attribute values must be quoted in the templates; the escaper covers both quote kinds.
 */

export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * Values render as: `SafeHtml` as is; arrays item by item; `null`, `undefined` and booleans as
 * nothing (so `${cond && html`…`}` works); everything else as escaped text.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Marks trusted markup (constants of this module, never user or Jira data) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins fragments with an (escaped) separator. */
export function join(items: readonly unknown[], separator = ''): SafeHtml {
  return new SafeHtml(items.map(renderValue).join(escapeHtml(separator)));
}

function renderValue(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || typeof value === 'boolean') return '';
  return escapeHtml(String(value));
}
