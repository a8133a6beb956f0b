// A container that keeps its place while a streaming run redraws what is inside it.
//
// Framework's resize() makes a new, empty <div> on every re-run of its cell and draws into it
// only in a ResizeObserver callback: each redraw then lays the page out twice (once with the
// panel collapsed, once with the new chart) in the same task as drawing it, which on the
// Escape page made a streaming redraw cost 100–200 ms. A live panel is created once, by a
// cell that does not depend on the run; the cell that does calls draw(), which swaps the
// content in place, synchronously, at the width last observed.

export interface LivePanel {
  element: HTMLDivElement;
  /** Replaces the content with render(width) now (or as soon as the width is known), and again on every resize. */
  draw(render: (width: number) => Node): void;
}

export function livePanel(): LivePanel {
  const element = document.createElement("div");
  element.style.position = "relative";
  let width = 0;
  let current: ((width: number) => Node) | null = null;
  const show = () => {
    if (current && width > 0) element.replaceChildren(current(width));
  };
  new ResizeObserver(([entry]) => {
    const next = entry.contentRect.width;
    if (next === width) return;
    width = next;
    show();
  }).observe(element);
  return {
    element,
    draw(render) {
      current = render;
      show();
    },
  };
}
