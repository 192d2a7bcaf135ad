/** XML text escaping for the awsQuery responses the stand-in writes (it never parses XML). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

export function element(name: string, inner: string): string {
  return `<${name}>${inner}</${name}>`;
}
