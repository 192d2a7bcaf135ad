/** Turning Jira's JSON values into text and markup for the issue view. */
import { html, join, type SafeHtml } from './html';

interface AdfNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
}

const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'rule', 'panel', 'mediaSingle', 'table', 'tableRow', 'expand']);

export function isAdfDoc(value: unknown): value is AdfNode {
  return typeof value === 'object' && value !== null && (value as AdfNode).type === 'doc' && Array.isArray((value as AdfNode).content);
}

/** Plain text of an Atlassian Document: blocks on their own lines, list items bulleted. */
export function adfToText(doc: unknown): string {
  const lines: string[] = [];
  const inline = (node: AdfNode): string => {
    switch (node.type) {
      case 'text':
        return node.text ?? '';
      case 'hardBreak':
        return '\n';
      case 'mention':
      case 'emoji':
      case 'status':
      case 'date':
        return String(node.attrs?.text ?? node.attrs?.shortName ?? '');
      case 'inlineCard':
        return String(node.attrs?.url ?? '');
      default:
        return (node.content ?? []).map(inline).join('');
    }
  };
  const block = (node: AdfNode, prefix: string): void => {
    if (node.type === 'bulletList' || node.type === 'orderedList') {
      (node.content ?? []).forEach((item, i) => {
        const marker = node.type === 'bulletList' ? '• ' : `${i + 1}. `;
        const children = item.content ?? [];
        children.forEach((child, j) => block(child, j === 0 ? prefix + marker : prefix + '   '));
      });
      return;
    }
    if (node.type === 'doc' || node.type === 'listItem' || node.type === 'tableCell' || node.type === 'tableHeader') {
      (node.content ?? []).forEach((child) => block(child, prefix));
      return;
    }
    if (BLOCKS.has(node.type ?? '') && node.content?.some((c) => c.type && !['text', 'hardBreak', 'mention', 'emoji', 'inlineCard', 'status', 'date'].includes(c.type))) {
      node.content.forEach((child) => block(child, prefix));
      return;
    }
    lines.push(prefix + inline(node));
  };
  if (typeof doc === 'object' && doc !== null) block(doc as AdfNode, '');
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

const JIRA_DATETIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?([+-]\d{2}):?(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Jira's `2026-11-21T05:39:23.000+0000` (or ISO with `Z`) as `21 Nov 2026, 05:39 UTC`; other text unchanged. */
export function formatDateTime(value: string): string {
  const normalised = value.replace(JIRA_DATETIME, (_m, d: string, hm: string, s = ':00', _f, oh: string, om: string) => `${d}T${hm}${s}${oh}:${om}`);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(normalised)) return value;
  const date = new Date(normalised);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** `2026-11-21` as `21 Nov 2026`. */
export function formatDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : value;
}

export function isEmptyValue(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/**
 * Any REST v3 field value as markup: people by display name, options by value, statuses and
 * types by name, request types by their request type's name, approvals with their decision,
 * documents as text, dates readable. Unknown shapes fall back to compact JSON.
 */
export function formatFieldValue(value: unknown): SafeHtml {
  if (isEmptyValue(value)) return html`<span class="muted">None</span>`;
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return html`${formatDate(value)}`;
    return html`${formatDateTime(value)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return html`${String(value)}`;
  if (Array.isArray(value)) return join(value.map((v) => formatFieldValue(v)), ', ');
  if (isAdfDoc(value)) return html`<span class="pre">${adfToText(value)}</span>`;
  const v = value as Record<string, unknown>;
  if (typeof v.displayName === 'string') return html`${v.displayName}`;
  if (typeof v.requestType === 'object' && v.requestType !== null) return html`${String((v.requestType as { name?: unknown }).name ?? '')}`;
  if (typeof v.finalDecision === 'string') return html`${String(v.name ?? 'Approval')}: ${decisionLabel(v.finalDecision)}`;
  if (typeof v.name === 'string') return html`${v.name}`;
  if (typeof v.value === 'string') return html`${v.value}`;
  if (typeof v.key === 'string') return html`${v.key}`;
  return html`<code>${JSON.stringify(value)}</code>`;
}

export function decisionLabel(decision: string): string {
  switch (decision) {
    case 'approved':
      return 'Approved';
    case 'declined':
      return 'Declined';
    case 'pending':
      return 'Waiting for approval';
    default:
      return decision;
  }
}

/** Initials for the avatar circle. */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : parts;
  return letters.map((p) => (p as string)[0]?.toUpperCase() ?? '').join('') || '?';
}
