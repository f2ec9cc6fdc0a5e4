// Evaluates JSON Logic with json-logic-js, one case per line of stdin ([RULE, DATA]), printing
// {"ok": RESULT} or {"error": MESSAGE} per line, as hotdog's json_logic_eval does.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const jsonLogic = require("json-logic-js");
console.log = () => {}; // the "log" operator prints; only the answers belong on stdout

const out = [];
for (const line of readFileSync(0, "utf8").split("\n")) {
  if (line === "") continue;
  const [rule, data] = JSON.parse(line);
  try {
    const r = jsonLogic.apply(rule, data);
    out.push(JSON.stringify({ ok: r === undefined ? null : r }));
  } catch (e) {
    out.push(JSON.stringify({ error: String(e.message) }));
  }
}
process.stdout.write(out.join("\n") + "\n");
