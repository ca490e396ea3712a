// Regenerates fixtures/apei/*.bin from fixtures/apei/*.json and the hand-made
// status block: `npx tsx test/apei/make-fixtures.ts`. Not a test.
import { readFileSync, writeFileSync } from "node:fs";
import { buildHest } from "../../src/apei/builder.js";
import { encodeBert, encodeEinj, encodeErst } from "../../src/apei/tables.js";
import type { AcpiHeader } from "../../src/apei/table.js";
import { fixturePath } from "../helpers.js";
import { memoryErrorBlock } from "./estatus-fixture.js";

for (const name of ["arm-server-hest", "x86-all-types-hest"]) {
  const built = buildHest(JSON.parse(readFileSync(fixturePath("apei", `${name}.json`), "utf8")));
  writeFileSync(fixturePath("apei", `${name}.bin`), built.table);
}

const header = (signature: string): AcpiHeader => ({ signature, length: 0, revision: 1, checksum: 0, oemId: "ARMRAS", oemTableId: "ARMRASTB", oemRevision: 1, creatorId: "ARMR", creatorRevision: 1 });
const gas = (address: bigint, bitWidth = 64) => ({ spaceId: 0, bitWidth, bitOffset: 0, accessWidth: bitWidth === 64 ? 4 : 3, address });
const entry = (action: number, instruction: number, address: bigint, value: bigint, mask: bigint, flags = 0) => ({ action, instruction, flags, reserved: new Uint8Array(1), registerRegion: gas(address), value, mask });

// Region: two memory-error blocks, then a block with Block Status 0 ending the list.
const region = new Uint8Array(1024);
region.set(memoryErrorBlock(0x8000_1000n), 0);
region.set(memoryErrorBlock(0x8000_2000n, { severity: 2, blockStatus: 2 }), 172);
writeFileSync(fixturePath("apei", "bert-region.bin"), region);
writeFileSync(fixturePath("apei", "bert.bin"), encodeBert({ header: header("BERT"), body: { bootErrorRegionLength: region.length, bootErrorRegionAddress: 0xfe00_0000n } }));

const trig = 0xfe10_0000n;
writeFileSync(
  fixturePath("apei", "einj.bin"),
  encodeEinj({
    header: header("EINJ"),
    body: { injectionHeaderSize: 12, injectionFlags: 0, reserved: new Uint8Array(3), injectionEntryCount: 0 },
    entries: [
      entry(0, 3, trig, 1n, 0xffn), // BEGIN_INJECTION_OPERATION: write register value
      entry(2, 2, trig + 8n, 0n, 0xffff_ffffn, 1), // SET_ERROR_TYPE: write register (preserve)
      entry(5, 3, trig + 16n, 1n, 0xffn), // EXECUTE_OPERATION
      entry(6, 1, trig + 24n, 1n, 1n), // CHECK_BUSY_STATUS: read register value
      entry(4, 3, trig, 0n, 0xffn), // END_OPERATION
    ],
  }),
);
writeFileSync(
  fixturePath("apei", "erst.bin"),
  encodeErst({
    header: header("ERST"),
    body: { serializationHeaderSize: 48, reserved: new Uint8Array(4), instructionEntryCount: 0 },
    entries: [
      entry(0, 3, trig + 0x100n, 1n, 0xffn), // BEGIN_WRITE_OPERATION
      entry(4, 2, trig + 0x108n, 0n, 0xffff_ffffn), // SET_RECORD_OFFSET
      entry(5, 3, trig + 0x110n, 1n, 0xffn), // EXECUTE_OPERATION
      entry(6, 13, trig + 0x118n, 1n, 1n), // CHECK_BUSY_STATUS: stall while true
      entry(3, 3, trig + 0x100n, 0n, 0xffn), // END_OPERATION
    ],
  }),
);
