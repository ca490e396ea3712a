// A hex view with a structure overlay: hovering a byte highlights every byte of the
// field it belongs to and names it; select(offset) highlights the field at an offset
// and scrolls to it (a lint finding's click).
import { spanAt, type ByteSpan } from "../cper-spans.js";
import { h, replace } from "./dom.js";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
/** Bytes drawn at most (one element each); the rest of a larger input is not drawn. */
const MAX_DRAWN = 64 * 1024;

export interface HexView {
  readonly element: HTMLElement;
  show(bytes: Uint8Array, spans: readonly ByteSpan[]): void;
  /** Lights a span's bytes as hovering them does (undefined: none), and names it. */
  hover(span: ByteSpan | undefined): void;
  /** Highlights the field holding `offset` (or that byte alone) and scrolls it into view. */
  select(offset: number): ByteSpan | undefined;
}

export function hexView(id: string): HexView {
  const status = h("div", { class: "hexstatus", id: `${id}-status` }, "hover a byte to see its field");
  const grid = h("div", { class: "hexgrid", id });
  const element = h("div", { class: "hexview" }, status, grid);
  let bytes: Uint8Array = new Uint8Array(0);
  let spans: readonly ByteSpan[] = [];
  let cells: HTMLElement[] = [];
  let lit: HTMLElement[] = [];
  let selected: HTMLElement[] = [];

  const rangeOf = (offset: number): ByteSpan => spanAt(spans, offset) ?? { start: offset, end: offset + 1, path: "(no structure)" };
  const describe = (s: ByteSpan): string => {
    const hex = Array.from(bytes.subarray(s.start, Math.min(s.end, s.start + 16)), (b) => HEX[b]).join(" ") + (s.end - s.start > 16 ? " …" : "");
    return `${s.path}  [0x${s.start.toString(16)}..0x${(s.end - 1).toString(16)}] (${s.end - s.start} byte${s.end - s.start === 1 ? "" : "s"})  ${hex}`;
  };
  const mark = (s: ByteSpan, cls: string, list: HTMLElement[]): void => {
    for (const c of list) c.classList.remove(cls);
    list.length = 0;
    for (let i = s.start; i < s.end && i < cells.length; i++) {
      cells[i]!.classList.add(cls);
      list.push(cells[i]!);
    }
  };

  grid.addEventListener("mouseover", (e) => {
    const t = e.target as HTMLElement;
    if (!t.dataset.o) return;
    const s = rangeOf(Number(t.dataset.o));
    mark(s, "hl", lit);
    status.textContent = describe(s);
  });
  grid.addEventListener("mouseleave", () => mark({ start: 0, end: 0, path: "" }, "hl", lit));

  return {
    element,
    show(b, sp) {
      bytes = b;
      spans = sp;
      cells = [];
      lit = [];
      selected = [];
      const rows: HTMLElement[] = [];
      const drawn = Math.min(b.length, MAX_DRAWN);
      for (let at = 0; at < drawn; at += 16) {
        const row = h("div", { class: "hexrow" }, h("span", { class: "off" }, at.toString(16).padStart(6, "0")));
        let ascii = "";
        for (let i = at; i < Math.min(at + 16, drawn); i++) {
          const s = spanAt(sp, i);
          const cell = h("span", { class: `b${s && s.start === i ? " fstart" : ""}`, "data-o": String(i) }, HEX[b[i]!]!);
          cells.push(cell);
          row.append(cell);
          ascii += b[i]! >= 0x20 && b[i]! < 0x7f ? String.fromCharCode(b[i]!) : ".";
        }
        row.append(h("span", { class: "ascii" }, ascii));
        rows.push(row);
      }
      replace(grid, rows);
      status.textContent = b.length === 0 ? "no bytes" : `${b.length} bytes${drawn < b.length ? ` (the first ${drawn} shown)` : ""}; hover a byte to see its field`;
    },
    hover(span) {
      mark(span ?? { start: 0, end: 0, path: "" }, "hl", lit);
      if (span) {
        status.textContent = describe(span);
        const first = cells[span.start];
        const grid0 = grid.getBoundingClientRect();
        const r = first?.getBoundingClientRect();
        if (first && r && (r.top < grid0.top || r.bottom > grid0.bottom)) grid.scrollTop += r.top - grid0.top - grid.clientHeight / 2;
      }
    },
    select(offset) {
      if (offset < 0 || offset >= cells.length) return undefined;
      const s = rangeOf(offset);
      mark(s, "sel", selected);
      status.textContent = describe(s);
      cells[s.start]!.scrollIntoView({ block: "center" });
      return s;
    },
  };
}
