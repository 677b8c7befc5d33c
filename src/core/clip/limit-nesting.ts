/** Pages up to this depth are left alone; the deepest fixture page (MathJax) has 33 levels. */
const NORMAL_DEPTH = 100;
/** On a deeper page, bare wrappers below this depth are unwrapped. */
const KEEP_DEPTH = 16;

/** How deep an element tree goes, measured without recursion (a hostile page may nest 10,000 levels). */
export function nestingDepth(root: Element): number {
  let deepest = 0;
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length) {
    const [element, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    for (const child of Array.from(element.children)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function isBareWrapper(element: Element): boolean {
  if (element.children.length !== 1) return false;
  return Array.from(element.childNodes).every((n) => n.nodeType === 1 || (n.nodeType === 3 && !n.textContent?.trim()) || n.nodeType === 8);
}

/**
 * On a page nested deeper than 100 levels, unwraps the elements below level 16 that only wrap
 * one other element (`<div><div><div>…`), keeping every word. Defuddle's cost grows steeply with
 * depth (500 nested divs take 17 s here), so a page built to be deep is made shallow before
 * extraction. Returns the depth left.
 */
export function limitNesting(root: Element): number {
  const before = nestingDepth(root);
  if (before <= NORMAL_DEPTH) return before;
  const wrappers: Element[] = [];
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length) {
    const [element, depth] = stack.pop()!;
    if (depth > KEEP_DEPTH && isBareWrapper(element)) wrappers.push(element);
    for (const child of Array.from(element.children)) stack.push([child, depth + 1]);
  }
  for (const wrapper of wrappers) {
    const parent = wrapper.parentNode;
    if (!parent) continue;
    while (wrapper.firstChild) parent.insertBefore(wrapper.firstChild, wrapper);
    wrapper.remove();
  }
  return nestingDepth(root);
}
