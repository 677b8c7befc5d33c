import { promises as fs } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseUrlList, type ClipInput } from '../core/clip';

/** Saved pages above this size are refused before they are read. */
const MAX_SAVED_PAGE_BYTES = 10 * 1024 * 1024;

/** An argument that could not be turned into inputs, with the reason. */
export interface InputProblem {
  input: string;
  error: string;
}

/** Every argument's inputs and problems, in the order the arguments were given. */
export type InputItem = { input: ClipInput } | { problem: InputProblem };

const HTML_EXT = new Set(['.html', '.htm']);

/**
 * How a saved page is named in the output, one form whatever the argument was: relative to the
 * current folder when it is inside it, else absolute (never `../../../…`).
 */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

async function htmlFile(path: string, name: string): Promise<ClipInput | InputProblem> {
  const stat = await fs.stat(path);
  // Refused before reading: a 50 MB file is never loaded into memory.
  if (stat.size > MAX_SAVED_PAGE_BYTES) return { input: name, error: `the page is larger than 10 MB: ${name}` };
  const buf = await fs.readFile(path);
  return { kind: 'html', name, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}

async function walkHtml(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await walkHtml(full)));
    else if (entry.isFile() && HTML_EXT.has(extname(entry.name).toLowerCase())) found.push(full);
  }
  return found.sort();
}

/**
 * Turns `kindred import` arguments into ClipInputs: an http(s) URL; a saved `.html`/`.htm`
 * page; a folder, searched recursively for saved pages; a `.txt` list of URLs, one a line.
 * Anything else becomes a problem with a reason, not an exception.
 */
export async function readInputs(args: string[], cwd: string): Promise<InputItem[]> {
  const items: InputItem[] = [];
  const inputs = { push: (input: ClipInput) => items.push({ input }) };
  const problems = { push: (problem: InputProblem) => items.push({ problem }) };
  for (const arg of args) {
    if (/^https?:\/\//i.test(arg)) {
      inputs.push({ kind: 'url', url: arg });
      continue;
    }
    const path = resolve(cwd, arg);
    const stat = await fs.stat(path).catch(() => null);
    if (!stat) {
      problems.push({ input: arg, error: /^[a-z][a-z0-9+.-]*:/i.test(arg) ? `only http and https pages can be clipped: ${arg}` : `no such file or folder: ${arg}` });
    } else if (stat.isDirectory()) {
      const files = await walkHtml(path);
      if (files.length === 0) problems.push({ input: arg, error: `no .html or .htm files in ${arg}` });
      for (const file of files) {
        const item = await htmlFile(file, displayPath(file, cwd));
        if ('kind' in item) inputs.push(item);
        else problems.push(item);
      }
    } else if (HTML_EXT.has(extname(path).toLowerCase())) {
      const item = await htmlFile(path, displayPath(path, cwd));
      if ('kind' in item) inputs.push(item);
      else problems.push(item);
    } else if (extname(path).toLowerCase() === '.txt') {
      const urls = parseUrlList(await fs.readFile(path, 'utf8'));
      if (urls.length === 0) problems.push({ input: arg, error: `no URLs in ${arg}` });
      for (const url of urls) inputs.push({ kind: 'url', url });
    } else {
      problems.push({ input: arg, error: `not a URL, a saved .html page, a folder or a .txt list of URLs: ${arg}` });
    }
  }
  return items;
}
