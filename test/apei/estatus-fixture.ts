// A Generic Error Status Block written byte by byte from the spec, as QEMU's
// acpi_ghes_memory_errors() lays it out (kernel.md §8; ACPI 6.5 Tables 18.11/18.12;
// UEFI 2.10 N.2.5): 20-byte block + 72-byte revision-0x300 entry + 80-byte memory section.

export const MEMORY_SECTION_GUID_BYTES = [0x14, 0x11, 0xbc, 0xa5, 0x64, 0x6f, 0xde, 0x4e, 0xb8, 0x63, 0x3e, 0x83, 0xed, 0x7c, 0x83, 0xb1]; // a5bc1114-6f64-4ede-b863-3e83ed7c83b1

export function memoryErrorBlock(pa: bigint, opts: { blockStatus?: number; severity?: number } = {}): Uint8Array {
  const out = new Uint8Array(20 + 72 + 80);
  const v = new DataView(out.buffer);
  v.setUint32(0, opts.blockStatus ?? 1, true); // BlockStatus: bit 0 uncorrectable error valid
  v.setUint32(4, 0, true); // RawDataOffset
  v.setUint32(8, 0, true); // RawDataLength
  v.setUint32(12, 72 + 80, true); // DataLength
  v.setUint32(16, opts.severity ?? 0, true); // ErrorSeverity: recoverable
  out.set(MEMORY_SECTION_GUID_BYTES, 20); // SectionType
  v.setUint32(20 + 16, 0, true); // ErrorSeverity
  v.setUint16(20 + 20, 0x300, true); // Revision
  v.setUint32(20 + 24, 80, true); // ErrorDataLength
  v.setBigUint64(92, (1n << 14n) | (1n << 1n), true); // memory: ValidationBits (type | physical address)
  v.setBigUint64(92 + 16, pa, true); // memory: PhysicalAddress
  return out;
}
