// CPER / GHES / HEST / BERT view: paste hex in any form the CLI accepts (plain,
// hexdump -C, the kernel's print_hex_dump lines inside dmesg) or drop a file; see the
// decoded tree with libcper's keys, Linux's text for a chosen kernel, the lint findings
// and a hex view with the structure overlay; edit the JSON and encode it back.
// Every text shown is the output of the armras command printed above it.
import { bytesFromInput, looksLikeText } from "../../layout/hexinput.js";
import { iterate } from "../../cper/decode.js";
import { lint } from "../../cper/lint.js";
import { DEFAULT_DECODE_OPTIONS, type DecodedItem } from "../../cper/model.js";
import { TABLE_NAMES } from "../../apei/header.js";
import { acpiSpans, cperSpans } from "../cper-spans.js";
import { spanForJsonPath } from "../json-spans.js";
import { compactHex, jsonDocuments, plainHex } from "../text-forms.js";
import { cliText, h, panel, replace } from "./dom.js";
import { runCli, type CliRun } from "./cli.js";
import { hexView } from "./hex-view.js";
import { jsonTree } from "./json-tree.js";
import { kernelInput, type PageState } from "./state.js";
import { builtins, builtinText } from "../../sim/builtins.js";
import { parseScenario, runScenario } from "../../sim/index.js";

/** Examples: the first error status block each built-in scenario's firmware writes. */
function examples(): { label: string; bytes: Uint8Array }[] {
  const out: { label: string; bytes: Uint8Array }[] = [];
  for (const b of builtins()) {
    try {
      const step = runScenario(parseScenario(builtinText(b.name)!)).steps.find((s) => s.bytes);
      if (step) out.push({ label: `${b.name}: step ${step.n} (${step.bytes!.length} bytes)`, bytes: step.bytes! });
    } catch {
      // A scenario that does not run has no example.
    }
  }
  return out;
}

function shown(r: CliRun): string {
  return r.stdout + r.stderr;
}

export function cperView(state: PageState): HTMLElement {
  const input = h("textarea", { id: "cper-input", rows: 6, spellcheck: false, placeholder: "CPER record, GHES status block, HEST/BERT table: hex, hexdump -C, dmesg hex dump lines — or drop a file here" });
  const fromUrl = state.params.get("cper");
  input.value = fromUrl ?? "";
  const kernel = kernelInput("cper-kernel", state);
  const fileInput = h("input", { type: "file", id: "cper-file" });
  const exampleList = examples();
  const example = h("select", { id: "cper-example" }, h("option", { value: "" }, "example: a GHES block from a simulator run…"),
    exampleList.map((x, i) => h("option", { value: String(i) }, x.label)));
  example.addEventListener("change", () => {
    const x = exampleList[Number(example.value)];
    if (!example.value || !x) return;
    input.value = plainHex(x.bytes);
    void update();
  });
  const out = h("div", { class: "results", id: "cper-results" });
  const hex = hexView("cper-hex");

  const loadFile = async (f: File) => {
    const b = new Uint8Array(await f.arrayBuffer());
    input.value = looksLikeText(b) ? new TextDecoder().decode(b) : plainHex(b);
    await update();
  };

  const update = async () => {
    const text = input.value;
    const kArgs = kernel.value.trim() ? ["--kernel", kernel.value.trim()] : [];
    if (text.trim() === "") {
      replace(out, h("p", { class: "hint" }, "Paste bytes above, drop a file, or pick an example."));
      return;
    }
    const raw = new TextEncoder().encode(text);
    const parsed = bytesFromInput(raw);
    if (!parsed.ok) {
      const r = await runCli(["cper", "decode", "-"], { "-": raw });
      replace(out, panel("cper-error-panel", "Unusable input", cliText("cper-error", "cper decode -", shown(r))));
      return;
    }
    const bytes = parsed.value;
    // A compact hex string (from a link) is shown 16 bytes to a line.
    if (/^[0-9a-f]+$/i.test(text.trim()) && bytes.length > 16) input.value = plainHex(bytes);
    state.setParams("cper", { cper: bytes.length <= 4096 ? compactHex(bytes) : "", kernel: kernel.value.trim() });
    const sig = new TextDecoder("latin1").decode(bytes.subarray(0, 4));
    if (bytes.length >= 36 && sig in TABLE_NAMES) {
      const text = await runCli(["acpi", "decode", "-"], { "-": raw });
      const json = await runCli(["acpi", "decode", "-", "--format", "json"], { "-": raw });
      hex.show(bytes, acpiSpans(bytes.length));
      let tree: unknown;
      try {
        tree = JSON.parse(json.stdout);
      } catch {
        tree = undefined;
      }
      replace(out,
        h("p", { class: "summary", id: "cper-summary" }, `${sig}: ${TABLE_NAMES[sig]}, ${bytes.length} bytes`),
        h("div", { class: "cols" },
          h("div", {}, panel("cper-text-panel", "Decoded", cliText("cper-text", "acpi decode -", shown(text))), tree !== undefined ? panel("cper-tree-panel", "Tree", jsonTree(tree, "cper-tree", sig)) : null),
          h("div", {}, panel("cper-hex-panel", "Bytes", hex.element))));
      return;
    }
    const items: DecodedItem[] = [];
    for (const r of iterate(bytes, DEFAULT_DECODE_OPTIONS)) if (r.ok) items.push(r.value);
    const spans = cperSpans(items);
    hex.show(bytes, spans);
    const json = await runCli(["cper", "decode", "-", "--format", "json"], { "-": raw });
    const linux = await runCli(["cper", "decode", "-", "--format", "linux", ...kArgs], { "-": raw });
    const lintRun = await runCli(["cper", "lint", "-"], { "-": raw });
    const findings = lint(bytes, DEFAULT_DECODE_OPTIONS);
    const docs = jsonDocuments(json.stdout);
    const tree: unknown = docs === undefined ? undefined : docs.length === 1 ? docs[0] : docs;
    const lintLines = lintRun.stdout.split("\n").filter((l) => l !== "");
    const lintList = h("ol", { class: "findings", id: "cper-lint" },
      lintLines.map((l, i) => {
        const f = findings[i];
        return h("li", { class: f ? `finding ${f.severity}` : "nofinding", "data-offset": f ? String(f.offset) : "", title: f ? "show these bytes" : "",
          onclick: f ? (e: Event) => {
            for (const x of lintList.querySelectorAll(".active")) x.classList.remove("active");
            (e.currentTarget as HTMLElement).classList.add("active");
            hex.select(f.offset);
          } : undefined }, l);
      }));
    const encodeBox = h("textarea", { id: "cper-json", rows: 12, spellcheck: false }, json.stdout);
    const encoded = h("div", { id: "cper-encoded" });
    const encodeButton = h("button", { id: "cper-encode", onclick: async () => {
      const r = await runCli(["cper", "encode", "edited.json"], { "edited.json": encodeBox.value });
      replace(encoded, cliText("cper-encode-out", "cper encode edited.json", shown(r)),
        r.code === 0 ? h("button", { onclick: () => { input.value = r.stdout.trim(); void update(); } }, "decode these bytes") : null);
    } }, "encode");
    replace(out,
      h("p", { class: "summary", id: "cper-summary" }, `${bytes.length} bytes; ${items.map((it) => `${it.tree.framing} at 0x${it.offset.toString(16)} (${it.length} bytes)`).join(", ") || "nothing decoded"}`),
      h("div", { class: "cols" },
        h("div", {},
          panel("cper-lint-panel", "Lint", h("div", { class: "cli" }, h("div", { class: "cmd" }, "$ armras cper lint -"), lintList, lintRun.stderr ? h("pre", { class: "out" }, lintRun.stderr) : null)),
          panel("cper-linux-panel", `Linux ${kernel.value.trim() || "(newest modelled)"}`, cliText("cper-linux", ["cper", "decode", "-", "--format", "linux", ...kArgs].join(" "), shown(linux))),
          panel("cper-tree-panel", "Decoded (libcper JSON)", tree !== undefined ? jsonTree(tree, "cper-tree", Array.isArray(tree) ? "records" : "record", (path) => hex.hover(path && spanForJsonPath(spans, path))) : cliText("cper-json-err", "cper decode - --format json", shown(json)))),
        h("div", {},
          panel("cper-hex-panel", "Bytes", hex.element),
          panel("cper-encode-panel", "Encode", h("p", { class: "hint" }, "Edit the JSON and encode it back to bytes (armras cper encode)."), encodeBox, h("div", {}, encodeButton), encoded))),
    );
  };

  const view = h("div", { class: "view", id: "view-cper" },
    h("div", { class: "controls" }, h("label", {}, "kernel ", kernel), h("label", {}, "file ", fileInput), example, h("button", { id: "cper-decode", onclick: () => void update() }, "decode")),
    input, out);
  view.addEventListener("dragover", (e) => {
    e.preventDefault();
    view.classList.add("dragging");
  });
  view.addEventListener("dragleave", () => view.classList.remove("dragging"));
  view.addEventListener("drop", (e) => {
    e.preventDefault();
    view.classList.remove("dragging");
    const f = e.dataTransfer?.files[0];
    if (f) void loadFile(f);
  });
  fileInput.addEventListener("change", () => {
    const f = fileInput.files?.[0];
    if (f) void loadFile(f);
  });
  input.addEventListener("change", () => void update());
  kernel.addEventListener("change", () => void update());
  void update();
  return view;
}
