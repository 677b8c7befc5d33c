// Every value a page hands the clipper (an attribute, a text node) reaches the note through one
// of these functions, one per place it can land. Each makes sure the value stays in its place:
// a language name cannot close its fence, a formula cannot close its `$$`, a title cannot close
// its quotes, an address cannot end its link early. What could still run is the business of
// `guardMarkdown`, which checks the whole note afterwards; these keep good content intact.

/** ASCII punctuation, the characters a backslash escapes in CommonMark. */
const PUNCTUATION = /[!-/:-@[-`{-~]/;

/** The longest run of backticks in a text (0 when there is none). */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * A fence's info string from a page's language name (`data-lang`, `class="language-…"`): its
 * first word in the characters language names use, so a newline, a backtick or a `<` cannot ride along.
 */
export function fenceInfo(language: string): string {
  return /^[\w+#.-]+/.exec(language.trim())?.[0].slice(0, 40) ?? '';
}

/**
 * A fenced code block. The fence is longer than any run of backticks anywhere in the code, so
 * no line of it can close the block, even where a renderer reads the block as inline code.
 */
export function codeBlock(code: string, language: string): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(code) + 1));
  return `${fence}${fenceInfo(language)}\n${code}\n${fence}`;
}

/**
 * Inline code. Without a tag-like `<` it is a backtick span (the delimiter longer than any run
 * inside, padded when the code starts or ends with a backtick). Code with one (`<div>`, `a<b`)
 * is written as an attribute-free `<code>` with the text escaped, which every renderer shows as
 * code: the final check escapes such a `<` outside fenced code, and inside backticks the
 * backslash would show.
 */
export function inlineCode(text: string): string {
  const code = text.replace(/\s*[\r\n]+\s*/g, ' ');
  if (!code.trim()) return '';
  if (/<[A-Za-z/!?]/.test(code)) {
    const escaped = Array.from(code, (char) => (char === '<' ? '&lt;' : char === '&' ? '&amp;' : PUNCTUATION.test(char) ? `\\${char}` : char)).join('');
    return `<code>${escaped}</code>`;
  }
  const delimiter = '`'.repeat(longestBacktickRun(code) + 1);
  const pad = /^`|`$/.test(code) || /^ .*[^ ].* $/.test(code) ? ' ' : '';
  return `${delimiter}${pad}${code}${pad}${delimiter}`;
}

/**
 * TeX made safe to sit between `$` signs: an unescaped `$` becomes `\\$` (it would end the
 * formula), a `<` that could open a tag (`a<b`) becomes `\\lt` (the same symbol to MathJax, no
 * tag to a renderer that knows no math), blank lines go (they would end the block).
 */
function escapeLatex(latex: string): string {
  const chars = Array.from(latex);
  let out = '';
  let backslashes = 0;
  chars.forEach((char, i) => {
    const escaped = backslashes % 2 === 1;
    if (char === '$' && !escaped) out += '\\$';
    else if (char === '<' && /[A-Za-z/!?]/.test(chars[i + 1] ?? '')) {
      // After a lone backslash (`\\<`, not TeX) the backslash already written starts the command.
      out += `${escaped ? '' : '\\'}lt${/[A-Za-z]/.test(chars[i + 1]) ? ' ' : ''}`;
    } else out += char;
    backslashes = char === '\\' ? backslashes + 1 : 0;
  });
  return out.replace(/\n[ \t]*(?:\n[ \t]*)+/g, '\n').trim();
}

/** Inline math, `$…$`, on one line. */
export function inlineMath(latex: string): string {
  const tex = escapeLatex(latex).replace(/\s*\n\s*/g, ' ');
  return tex ? `$${tex}$` : '';
}

/** Display math, `$$` on lines of their own around the formula. */
export function displayMath(latex: string): string {
  const tex = escapeLatex(latex);
  return tex ? `$$\n${tex}\n$$` : '';
}

/** A link or image title, quoted, with a space before it; '' for none. */
export function linkTitle(title: string | null | undefined): string {
  const text = (title ?? '').replace(/\s+/g, ' ').trim();
  return text ? ` "${text.replace(/[\\"]/g, '\\$&')}"` : '';
}

/**
 * A link or image address as a markdown destination: whitespace, `<`, `>` and `\` are
 * percent-encoded and parentheses escaped, so the address ends where the link does.
 */
export function linkDestination(url: string): string {
  return url.replace(/[\s<>\\]/g, (char) => encodeURIComponent(char)).replace(/[()]/g, '\\$&');
}

/** Text on one line that must stay text: an image's alt, a callout title, a comment's author. */
export function inlineText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>#~$]/g, '\\$&');
}

/** A callout's type (`[!note]`): its first word, or `note`. */
export function calloutType(type: string | null): string {
  return /^[\p{L}\p{N}_-]+/u.exec((type ?? '').trim())?.[0].slice(0, 40) ?? 'note';
}

/** A footnote label (`[^label]`): letters, digits, `_` and `-`, the same for a reference and its note. */
export function footnoteLabel(id: string): string {
  return id.replace(/[^\p{L}\p{N}_-]/gu, '').slice(0, 60);
}
