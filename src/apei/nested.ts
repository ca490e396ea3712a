// A structure embedded in another at a fixed offset (a GAS inside a GHES entry,
// the notification structure inside a CMC entry), as a field type of the
// layout engine. Decode, encode and size walk the inner table; the kind is
// "bytes" so generic renderers that do not know nesting treat it as opaque.

import { EncodeError, readStruct, writeStruct, type Decoded, type FieldType, type Fields, type Struct } from "../layout/index.js";

export interface NestedType<F extends Fields> extends FieldType<Decoded<Struct<F>>> {
  readonly nested: Struct<F>;
}

export function nested<F extends Fields>(s: Struct<F>): NestedType<F> {
  return {
    kind: "bytes",
    size: s.size,
    nested: s,
    read: (b, v, o) => readStruct(s, b, v, o),
    write: (b, _v, o, x, f) => {
      if (typeof x !== "object" || x === null) throw new EncodeError(f, `expected a ${s.name} object`);
      writeStruct(s, x, b, o, f);
    },
  };
}

export function isNested(t: FieldType<unknown>): t is NestedType<Fields> {
  return (t as Partial<NestedType<Fields>>).nested !== undefined;
}
