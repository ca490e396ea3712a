// Typed results for every decoder in armras: bad input never throws, it names
// the field and the byte offset where decoding stopped.

export type DecodeErrorKind =
  | "truncated" // fewer bytes than the structure needs
  | "bad-signature" // a magic value does not match
  | "bad-length" // a length or count field is impossible
  | "out-of-bounds" // an offset points outside the input
  | "invalid" // a field holds a value that makes the rest undecodable
  | "bad-input"; // the input itself is unusable (not hex, empty, …)

export interface DecodeError {
  readonly kind: DecodeErrorKind;
  /** Spec name of the field, dotted for nesting (e.g. "SectionDescriptor[1].SectionLength"). */
  readonly field: string;
  /** Absolute byte offset in the input. */
  readonly offset: number;
  readonly message: string;
}

/** Something decoded, but not as the spec says; kept with the data, never fatal. */
export interface Warning {
  readonly code: string;
  readonly field: string;
  readonly offset: number;
  readonly message: string;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly Warning[] }
  | { readonly ok: false; readonly error: DecodeError; readonly warnings: readonly Warning[] };

export function ok<T>(value: T, warnings: readonly Warning[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T = never>(error: DecodeError, warnings: readonly Warning[] = []): Result<T> {
  return { ok: false, error, warnings };
}

export function decodeError(kind: DecodeErrorKind, field: string, offset: number, message: string): DecodeError {
  return { kind, field, offset, message };
}

export function formatDecodeError(e: DecodeError): string {
  return `${e.message} (field ${e.field}, byte offset ${e.offset} = 0x${e.offset.toString(16)})`;
}

/** Thrown by encoders when a value cannot be written (wrong type, too wide, wrong length). */
export class EncodeError extends Error {
  override readonly name = "EncodeError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
