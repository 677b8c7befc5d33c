// Builds an Obsidian vault from the Sequences corpus in ../shared, outside the repository:
//   node scripts/make-sequences-vault.mjs [OUT_DIR] [--corpus DIR]
// Default OUT_DIR is /tmp/kindred-sequences-vault. One note per essay under its book's folder,
// with front matter (title, book, sequence, site, author, source). The scrape's site header,
// "previous / top / book / sequence / next" navigation and footer are dropped; links between
// essays in the text become wiki links, so the vault's own link graph is the evaluation's
// ground truth (`kindred eval`). Other links stay markdown links. Refuses a non-empty OUT_DIR
// that it did not build.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const corpusAt = args.indexOf('--corpus');
const corpus = resolve(corpusAt >= 0 ? args[corpusAt + 1] : '../shared/corpora/sequences/content');
const out = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--corpus') ?? '/tmp/kindred-sequences-vault');
const MARKER = '.kindred-sequences-vault';

if (!existsSync(join(corpus, 'manifest.json'))) {
  console.error(`No Sequences corpus at ${corpus} (expected manifest.json and essays/). Pass --corpus DIR.`);
  process.exit(1);
}
if (existsSync(out) && readdirSync(out).length > 0 && !existsSync(join(out, MARKER))) {
  console.error(`${out} is not empty and was not built by this script; choose another folder.`);
  process.exit(1);
}

const normalise = (slug) => slug.toLowerCase().replace(/[^a-z0-9]/g, '');
const manifest = JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8'));

/** essay id -> { title, slug, book, sequence, folder } */
const essays = new Map();
for (const s of manifest.standalone) essays.set(s.id, { ...s, book: '', sequence: '', folder: '' });
for (const book of manifest.books) {
  for (const seq of book.sequences) {
    for (const e of seq.essays) essays.set(e.id, { ...e, book: book.title, sequence: seq.title, folder: book.id });
  }
}
const idBySlug = new Map([...essays.values()].map((e) => [normalise(e.slug), e.id]));

const REF_DEF = /^ {0,3}\[(\d+)\]: (\S+)(?: "[^"]*")?\s*$/;
// A paragraph that is nothing but one reference link (it may wrap over lines).
const LONE_LINK = /^\[[^\]]+\]\[\d+\]\s*$/;

/** The essay slug a readthesequences.com URL points at, or null (site pages, actions, talk pages). */
function essaySlugOf(url) {
  const m = /^https?:\/\/(?:www\.)?readthesequences\.com\/([^?#/]+)\/?(?:#.*)?$/.exec(url);
  if (!m) return null;
  return idBySlug.get(normalise(m[1])) ?? null;
}

function wikiText(text) {
  return text.replace(/[[\]|]/g, '').trim();
}

function convert(id, source) {
  const lines = source.split('\n');
  const defs = new Map();
  for (const line of lines) {
    const m = REF_DEF.exec(line);
    if (m) defs.set(m[1], m[2]);
  }
  const h1 = lines.map((l, i) => (/^# /.test(l) ? i : -1)).filter((i) => i >= 0);
  const start = (h1[1] ?? h1[0] ?? -1) + 1;
  let end = lines.findIndex((l) => /^\[Top\]\[\d+\]\s*$/.test(l));
  if (end < 0) end = lines.findIndex((l) => REF_DEF.test(l));
  if (end < 0) end = lines.length;
  const body = lines.slice(start, end);
  // The line before "Top" is the link to the previous essay, when there is one.
  while (body.length && body[body.length - 1].trim() === '') body.pop();
  const lastBlank = body.findLastIndex((l) => l.trim() === '');
  if (LONE_LINK.test(body.slice(lastBlank + 1).join('\n'))) body.length = lastBlank + 1;

  const links = new Set();
  const text = body
    .filter((l) => l.trim() !== '❦' && !/star\.svg/.test(l))
    .join('\n')
    .replace(/\[([^\]]*)\]\[(\d+)\]/g, (all, label, n) => {
      const url = defs.get(n);
      if (!url) return label;
      if (url.startsWith('#')) return label; // footnote marks and back-references
      const target = essaySlugOf(url);
      if (target && target !== id) {
        links.add(target);
        return `[[${target}|${wikiText(label) || essays.get(target).title}]]`;
      }
      return label ? `[${label}](${url})` : '';
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { text, links };
}

function yamlString(s) {
  return JSON.stringify(s);
}

rmSync(out, { recursive: true, force: true });
// A vault is a folder with its config folder: `kindred` refuses a plain folder.
mkdirSync(join(out, '.obsidian'), { recursive: true });
writeFileSync(join(out, MARKER), 'built by scripts/make-sequences-vault.mjs\n');
let written = 0;
let withLinks = 0;
let linkCount = 0;
for (const [id, e] of essays) {
  const file = join(corpus, 'essays', `${id}.md`);
  if (!existsSync(file)) {
    console.error(`missing essay file ${file}`);
    continue;
  }
  const { text, links } = convert(id, readFileSync(file, 'utf8'));
  const front = [
    '---',
    `title: ${yamlString(e.title)}`,
    `site: readthesequences.com`,
    `author: Eliezer Yudkowsky`,
    `source: ${yamlString(e.path)}`,
    ...(e.book ? [`book: ${yamlString(e.book)}`, `sequence: ${yamlString(e.sequence)}`] : []),
    '---',
    '',
  ].join('\n');
  const dir = join(out, e.folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.md`), `${front}# ${e.title}\n\n${text}\n`);
  written++;
  if (links.size) withLinks++;
  linkCount += links.size;
}
console.log(`${written} notes in ${out}; ${withLinks} link to other essays (${linkCount} links in all).`);
