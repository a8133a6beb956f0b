// One DOM element with properties and children, for components that build their markup
// with the DOM API rather than htl (htl parses a template per call).

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children); // strings become text nodes: never parsed as HTML
  return node;
}
