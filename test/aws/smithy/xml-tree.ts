export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text directly inside the element, entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (all, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : (ENTITIES[e] ?? all),
  );

/**
 * A minimal XML reader for the awsQuery answers under test: elements, attributes, text and
 * entities. Hand-written because no XML parser is a declared dependency of the project;
 * anything it does not understand (CDATA, comments, DTDs) is an error, not skipped.
 */
export function parseXml(source: string): XmlElement {
  let pos = 0;
  const text = source.replace(/^\uFEFF/, '');
  const skipDeclaration = () => {
    const m = /^\s*<\?xml[^?]*\?>/.exec(text.slice(pos));
    if (m) pos += m[0].length;
  };
  const element = (): XmlElement => {
    const open = /^\s*<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*"[^"]*")*)\s*(\/?)>/.exec(text.slice(pos));
    if (!open) throw new Error(`malformed XML at offset ${pos}: ${text.slice(pos, pos + 40)}`);
    pos += open[0].length;
    const [, name = '', rawAttributes = '', selfClosing] = open;
    const attributes: Record<string, string> = {};
    for (const m of rawAttributes.matchAll(/([\w.:-]+)\s*=\s*"([^"]*)"/g)) attributes[m[1] ?? ''] = decode(m[2] ?? '');
    const node: XmlElement = { name, attributes, children: [], text: '' };
    if (selfClosing) return node;
    for (;;) {
      const next = text.indexOf('<', pos);
      if (next < 0) throw new Error(`unclosed <${name}>`);
      node.text += decode(text.slice(pos, next));
      pos = next;
      if (text.startsWith(`</${name}>`, pos)) {
        pos += name.length + 3;
        return node;
      }
      if (text.startsWith('<!', pos) || text.startsWith('<?', pos) || text.startsWith('</', pos)) throw new Error(`unexpected markup at offset ${pos}`);
      node.children.push(element());
    }
  };
  skipDeclaration();
  const root = element();
  if (text.slice(pos).trim() !== '') throw new Error('content after the root element');
  return root;
}
