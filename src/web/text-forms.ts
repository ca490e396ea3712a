// Text forms the page reads and writes (pure, tested in Node): hex for the CPER input
// box and the URL, the JSON documents `cper decode --format json` prints, ESR values
// as kernels print them.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Bytes as plain hex, 16 to a line (a form every armras command reads). */
export function plainHex(b: Uint8Array, perLine = 16): string {
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += perLine) lines.push(Array.from(b.subarray(i, i + perLine), (x) => HEX[x]).join(" "));
  return lines.join("\n");
}

/** Bytes as one hex string (the ?cper= form). */
export function compactHex(b: Uint8Array): string {
  return Array.from(b, (x) => HEX[x]).join("");
}

/** The JSON documents `cper decode --format json` printed (one per record, one after another). */
export function jsonDocuments(text: string): unknown[] | undefined {
  const docs: unknown[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (depth++ === 0) start = i;
    } else if (c === "}" || c === "]") {
      if (--depth === 0) {
        try {
          docs.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          return undefined;
        }
      }
    }
  }
  return docs.length > 0 && depth === 0 ? docs : undefined;
}

/** Kernels print ESRs without 0x ("ESR = 0x96000010" but also "esr 96000010"): hex either way. */
export function esrText(value: string): string {
  const t = value.trim().replace(/_/g, "");
  return /^0x/i.test(t) ? t : `0x${t}`;
}

