// Parses Mermaid diagrams with Mermaid itself (in jsdom); exits 1 on the first that fails.
import { JSDOM } from "jsdom";
import { readFileSync } from "fs";
const dom = new JSDOM("<!DOCTYPE html><body></body>", { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;
globalThis.DOMPurify = undefined;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    await mermaid.parse(readFileSync(file, "utf8"));
  } catch (e) {
    failed++;
    console.log(`FAIL ${file}: ${String(e.message || e).slice(0, 300)}`);
  }
}
console.log(`mermaid: ${process.argv.length - 2 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
