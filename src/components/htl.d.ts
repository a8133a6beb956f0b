// Types for the parts of htl (Hypertext Literal) the components use; the package ships none.
declare module "htl" {
  /** Builds DOM nodes from a tagged template; interpolated values are escaped, nodes inserted. */
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
  export function svg(strings: TemplateStringsArray, ...values: unknown[]): SVGElement;
}
