// The model of a register bit diagram (the page's ESR and register views): named
// fields laid on rows of 32 bits, most significant bit first, with the bits no field
// names filled in as unnamed cells. Pure data, so it is tested in Node.

export interface DiagramField {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  readonly value: bigint;
  /** What the value means (shown on hover and in the legend). */
  readonly meaning?: string;
}

export interface DiagramCell {
  /** Field name, or undefined for bits no field names. */
  readonly name?: string;
  readonly msb: number;
  readonly lsb: number;
  readonly value: bigint;
  readonly meaning?: string;
}

export interface DiagramRow {
  /** Bit number of the row's first (leftmost) column. */
  readonly top: number;
  readonly cells: readonly DiagramCell[];
}

/** The bits msb..lsb of value. */
export function bitsOf(value: bigint, msb: number, lsb: number): bigint {
  return (value >> BigInt(lsb)) & ((1n << BigInt(msb - lsb + 1)) - 1n);
}

/**
 * Rows of 32 bits from `width - 1` down to 0. A field crossing a row boundary is
 * split (its parts carry the same name). Overlapping fields: the first given wins.
 */
export function diagramRows(fields: readonly DiagramField[], value: bigint, width: 32 | 64): DiagramRow[] {
  const owner: (DiagramField | undefined)[] = new Array(width).fill(undefined);
  for (const f of fields) for (let b = f.lsb; b <= f.msb && b < width; b++) owner[b] ??= f;
  const rows: DiagramRow[] = [];
  for (let top = width - 1; top >= 0; top -= 32) {
    const cells: DiagramCell[] = [];
    let b = top;
    while (b >= top - 31) {
      const f = owner[b];
      let lsb = b;
      while (lsb - 1 >= top - 31 && owner[lsb - 1] === f) lsb--;
      cells.push(f ? { name: f.name, msb: b, lsb, value: bitsOf(value, b, lsb), ...(f.meaning ? { meaning: f.meaning } : {}) } : { msb: b, lsb, value: bitsOf(value, b, lsb) });
      b = lsb - 1;
    }
    rows.push({ top, cells });
  }
  return rows;
}

/** Bits as Arm writes them: "[24]" or "[24:22]". */
export function bitRange(msb: number, lsb: number): string {
  return msb === lsb ? `[${msb}]` : `[${msb}:${lsb}]`;
}
