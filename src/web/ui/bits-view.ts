// A register as a bit diagram: rows of 32 bit columns, each named field a cell over
// its bits with its value; hover (title) gives the bits and meaning.
import { bitRange, diagramRows, type DiagramField } from "../bit-diagram.js";
import { h } from "./dom.js";

function hexOf(v: bigint): string {
  return `0x${v.toString(16)}`;
}

export function bitDiagram(fields: readonly DiagramField[], value: bigint, width: 32 | 64, id: string): HTMLElement {
  const rows = diagramRows(fields, value, width);
  const table = h("table", { class: "bits", id });
  for (const row of rows) {
    const numbers = h("tr", { class: "bitnums" });
    for (let b = row.top; b > row.top - 32; b--) numbers.append(h("td", {}, String(b)));
    const values = h("tr", { class: "bitvals" });
    for (let b = row.top; b > row.top - 32; b--) values.append(h("td", {}, ((value >> BigInt(b)) & 1n).toString()));
    const names = h("tr", { class: "bitfields" });
    for (const c of row.cells) {
      const width = c.msb - c.lsb + 1;
      const title = c.name ? `${c.name}${bitRange(c.msb, c.lsb)} = ${hexOf(c.value)}${c.meaning ? `: ${c.meaning}` : ""}` : `${bitRange(c.msb, c.lsb)} (no field)`;
      names.append(
        h("td", { colSpan: width, class: c.name ? (c.value !== 0n ? "field set" : "field") : "nofield", title, "data-field": c.name ?? "" },
          c.name ? h("span", { class: "fname" }, c.name) : "",
          c.name && width >= 2 ? h("span", { class: "fval" }, hexOf(c.value)) : ""),
      );
    }
    table.append(h("tbody", {}, numbers, values, names));
  }
  return table;
}

/** The fields as a legend table: name, bits, value, meaning. */
export function fieldLegend(fields: readonly DiagramField[], id: string): HTMLElement {
  return h("table", { class: "legend", id },
    h("thead", {}, h("tr", {}, h("th", {}, "field"), h("th", {}, "bits"), h("th", {}, "value"), h("th", {}, "meaning"))),
    h("tbody", {}, fields.map((f) => h("tr", {}, h("td", {}, f.name), h("td", {}, bitRange(f.msb, f.lsb)), h("td", {}, hexOf(f.value)), h("td", {}, f.meaning ?? "")))));
}
