// The member walk of a declared section (contract.ts writeLib) compiled once to
// straight-line code: one statement per member with its validation bit, gate and
// presence test inline and its own call site, so each form's write is a
// monomorphic call and each field a named load (interpreted, the loop's form call
// and keyed field load are megamorphic; src/layout/compile.ts does the same for
// readers and writers). The source is made only from our own static declarations:
// keys and field names as JSON string literals, bits checked integers; forms,
// gates and presence tests are passed in as values. Input bytes never reach it.
import type { JsonOut } from "../json/writer.js";
import type { BoundForm } from "./json-forms.js";

/** What the walk needs of a member (contract.ts Member). */
export interface WalkMember {
  readonly name: string;
  readonly key: string;
  readonly valid: number | undefined;
  readonly form: BoundForm;
  readonly present: ((v: any) => boolean) | undefined;
  readonly group: readonly string[] | undefined;
  readonly gate: ((w: number, v: any) => boolean) | undefined;
}

/** Writes the printed members of a value: f its fields, w the validation word's low 32 bits, v the value. */
export type MemberWalk = (f: Readonly<Record<string, unknown>>, w: number, v: unknown, out: JsonOut) => void;

export function compileMembers(members: readonly WalkMember[]): MemberWalk {
  const bit = (x: number): number => {
    if (!Number.isInteger(x) || x < 0 || x > 31) throw new RangeError(`member-walk: bad validation bit ${String(x)}`);
    return x;
  };
  const lines = members.map((m, i) => {
    const tests: string[] = [];
    if (m.gate !== undefined) tests.push(`M[${i}].gate(w, v)`);
    else if (m.valid !== undefined) tests.push(`((w >>> ${bit(m.valid)}) & 1) === 1`);
    if (m.present !== undefined) tests.push(`M[${i}].present(v)`);
    const arg = m.group === undefined ? `f[${JSON.stringify(m.name)}]` : "f";
    const call = `F${i}.write(out, ${JSON.stringify(m.key)}, ${arg}, w);`;
    return tests.length === 0 ? call : `if (${tests.join(" && ")}) ${call}`;
  });
  const forms = members.map((_, i) => `const F${i} = M[${i}].form;`).join(" ");
  const src = `"use strict"; ${forms} return function members(f, w, v, out) { ${lines.join(" ")} };`;
  return new Function("M", src)(members) as MemberWalk;
}
