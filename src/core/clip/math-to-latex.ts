import { MathMLToLaTeX } from 'mathml-to-latex';

const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

// Element names that carry real MathML structure (as opposed to a bare annotation).
const MATHML_NAMES = new Set([
  'annotation', 'maction', 'math', 'menclose', 'merror', 'mfenced', 'mfrac', 'mi', 'mmultiscripts', 'mn', 'mo',
  'mover', 'mpadded', 'mphantom', 'mprescripts', 'mroot', 'mrow', 'ms', 'mspace', 'msqrt', 'mstyle', 'msub',
  'msubsup', 'msup', 'mtable', 'mtd', 'mtr', 'munder', 'munderover', 'none', 'semantics',
]);

// Structures a flat text attribute cannot stand for; when present, converted MathML beats `alttext`.
const COMPLEX_NAMES = new Set([
  'menclose', 'mfrac', 'mmultiscripts', 'mover', 'mroot', 'msqrt', 'msub', 'msubsup', 'msup', 'mtable', 'mtd',
  'mtr', 'munder', 'munderover',
]);

function hasMathMlChildren(element: Element): boolean {
  return Array.from(element.children).some(
    (child) => child.namespaceURI === MATHML_NS || MATHML_NAMES.has(child.nodeName.toLowerCase()),
  );
}

function hasComplexMathMl(element: Element): boolean {
  if (COMPLEX_NAMES.has(element.nodeName.toLowerCase())) return true;
  return Array.from(element.children).some(hasComplexMathMl);
}

function looksLikeLatex(value: string): boolean {
  return /\\[a-zA-Z]+|[_^{}]|[$&]|\\\\|\\begin\{/.test(value);
}

function escapeXml(text: string): string {
  // A no-break space stays a character reference: mathml-to-latex keeps it as `\text{ }`
  // (as browsers render it) instead of trimming it away as whitespace.
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\u00a0/g, '&#xA0;');
}

/** Serialises a MathML subtree as XML by walking it (the project never reads `outerHTML`). */
export function serializeMathMl(node: Node): string {
  if (node.nodeType === 3) return escapeXml(node.textContent ?? '');
  if (node.nodeType !== 1) return '';
  const element = node as Element;
  const name = element.nodeName.toLowerCase();
  const attributes = Array.from(element.attributes)
    .filter((a) => !a.name.startsWith('on'))
    .map((a) => ` ${a.name}="${escapeXml(a.value)}"`)
    .join('');
  const inner = Array.from(element.childNodes).map(serializeMathMl).join('');
  return `<${name}${attributes}>${inner}</${name}>`;
}

function convertMathMl(element: Element): string {
  try {
    return MathMLToLaTeX.convert(serializeMathMl(element)).trim();
  } catch {
    // Broken MathML: the caller falls back to whatever text the page offers.
    return '';
  }
}

/**
 * The TeX source of a formula element: the TeX annotation (KaTeX, MathJax assistive MathML),
 * a trustworthy `data-latex`/`alttext`, or else the MathML converted to LaTeX (MathJax SVG/CHTML
 * pages that embed no TeX at all).
 */
export function mathToLatex(element: Element): string {
  const annotation = element.querySelector('annotation[encoding="application/x-tex"]');
  const annotated = annotation?.textContent?.trim();
  if (annotated) return annotated;
  const hasMathMl = hasMathMlChildren(element);
  const complex = hasMathMl && hasComplexMathMl(element);
  const trustworthy = (value: string): boolean =>
    !hasMathMl || looksLikeLatex(value) || (!complex && !/[a-zA-Z]{3,}-[a-zA-Z]{2,}/.test(value));
  for (const attribute of ['data-latex', 'alttext']) {
    const value = element.getAttribute(attribute)?.trim();
    if (value && trustworthy(value)) return value;
  }
  if (element.nodeName.toLowerCase() === 'math' && hasMathMl) {
    const converted = convertMathMl(element);
    if (converted) return converted;
  }
  return (element.getAttribute('data-latex') ?? element.getAttribute('alttext') ?? element.textContent ?? '').trim();
}

/**
 * Shapes display math: a bare `matrix` from converted MathML is really an aligned system, and
 * multi-line material without an environment gets `aligned`; an existing environment (`align`,
 * `cases`…) is kept whole.
 */
export function formatDisplayLatex(value: string): string {
  const latex = value.trim();
  const bare = /^\\begin\{matrix\}([\s\S]*?)\\end\{matrix\}$/.exec(latex);
  if (bare && !/\\begin\{[^}]+\}/.test(bare[1])) return `\\begin{aligned}\n${bare[1].trim()}\n\\end{aligned}`;
  if (/\\begin\{[^}]+\}/.test(latex)) return latex;
  if (latex.includes('\\\\') || latex.includes('&')) return `\\begin{aligned}\n${latex}\n\\end{aligned}`;
  return latex;
}
