/**
 * A feed's bytes as text: the charset the server declares, else the one the XML declaration
 * names, else UTF-8 (JSON Feed is always UTF-8). An unknown charset falls back to UTF-8.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType = ''): string {
  const declared = /charset=["']?([\w-]+)/i.exec(contentType)?.[1];
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const inXml = /^\s*<\?xml[^>]*encoding=["']([\w-]+)["']/i.exec(head)?.[1];
  for (const label of [declared, inXml, 'utf-8']) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(bytes).replace(/^\uFEFF/, '');
    } catch {
      // not a label TextDecoder knows; try the next
    }
  }
  return new TextDecoder().decode(bytes);
}
