// Parses iasl disassembly ("[024h 0036   2]  Subtable Type : 000A [...]") into
// comparable field lines, ignoring the header comment block and Raw Table Data.

export interface IaslField {
  readonly offset: number;
  readonly length: number;
  readonly name: string;
  readonly value: string;
}

const FIELD = /^\[([0-9A-F]+)h (\d+)\s+(\d+)\]\s+(.+?) : (.*)$/;
const FLAG = /^\s+([A-Za-z][A-Za-z ]+?) : (\d)$/;

export function parseIasl(text: string): IaslField[] {
  const out: IaslField[] = [];
  let last: IaslField | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith("Raw Table Data")) break;
    const m = FIELD.exec(raw);
    if (m) {
      if (parseInt(m[1]!, 16) !== Number(m[2])) throw new Error(`hex and decimal offsets disagree: ${raw}`);
      last = { offset: Number(m[2]), length: Number(m[3]), name: m[4]!.trim(), value: m[5]!.trim() };
      out.push(last);
      continue;
    }
    const f = FLAG.exec(raw);
    if (f && last) out.push({ offset: last.offset, length: 0, name: f[1]!.trim(), value: f[2]! });
  }
  return out;
}
