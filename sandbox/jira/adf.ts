/**
 * The slice of Atlassian Document Format the stand-in needs: REST v3 takes and returns ADF for
 * descriptions, rich-text custom fields and comments, while JSM's API speaks plain text.
 */
export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
  marks?: unknown[];
}

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

function isNode(v: unknown): v is AdfNode {
  if (typeof v !== 'object' || v === null) return false;
  const n = v as Record<string, unknown>;
  if (typeof n.type !== 'string') return false;
  if (n.text !== undefined && typeof n.text !== 'string') return false;
  return n.content === undefined || (Array.isArray(n.content) && n.content.every(isNode));
}

export function isAdfDoc(v: unknown): v is AdfDoc {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return d.type === 'doc' && d.version === 1 && Array.isArray(d.content) && d.content.every(isNode);
}

/** Plain text → ADF: blank lines split paragraphs, single newlines become hard breaks (as Jira's converter does). */
export function textToAdf(text: string): AdfDoc {
  const paragraphs = text.replace(/\r\n/g, '\n').split(/\n{2,}/);
  const content: AdfNode[] = [];
  for (const para of paragraphs) {
    if (para === '') continue;
    const inline: AdfNode[] = [];
    para.split('\n').forEach((line, i) => {
      if (i > 0) inline.push({ type: 'hardBreak' });
      if (line !== '') inline.push({ type: 'text', text: line });
    });
    content.push({ type: 'paragraph', content: inline });
  }
  return { type: 'doc', version: 1, content };
}

const BLOCKS = new Set(['paragraph', 'heading', 'codeBlock', 'blockquote', 'listItem', 'panel', 'rule', 'tableRow']);

function inlineText(node: AdfNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  if (node.type === 'mention' || node.type === 'emoji') {
    const t = node.attrs?.text;
    return typeof t === 'string' ? t : '';
  }
  if (node.type === 'inlineCard') {
    const url = node.attrs?.url;
    return typeof url === 'string' ? url : '';
  }
  const inner = (node.content ?? []).map(inlineText);
  return BLOCKS.has(node.type) ? inner.join('') : inner.join(node.type === 'bulletList' || node.type === 'orderedList' ? '\n' : '');
}

/** ADF → plain text; blocks are separated by blank lines so textToAdf round-trips paragraphs. */
export function adfToText(doc: AdfDoc | null | undefined): string {
  if (!doc) return '';
  return doc.content.map(inlineText).join('\n\n');
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain text → the simple HTML Jira renders for it (paragraphs and line breaks). */
export function textToHtml(text: string): string {
  return adfToHtml(textToAdf(text));
}

/** ADF → HTML, enough for `renderedFields`/`renderedBody` of text written through this stand-in. */
export function adfToHtml(doc: AdfDoc | null | undefined): string {
  if (!doc) return '';
  const render = (n: AdfNode): string => {
    const inner = (n.content ?? []).map(render).join('');
    switch (n.type) {
      case 'text':
        return escapeHtml(n.text ?? '');
      case 'hardBreak':
        return '<br/>';
      case 'paragraph':
        return `<p>${inner}</p>`;
      case 'bulletList':
        return `<ul>${inner}</ul>`;
      case 'orderedList':
        return `<ol>${inner}</ol>`;
      case 'listItem':
        return `<li>${inner}</li>`;
      case 'codeBlock':
        return `<pre>${inner}</pre>`;
      default:
        return inner || escapeHtml(inlineText(n));
    }
  };
  return doc.content.map(render).join('');
}
