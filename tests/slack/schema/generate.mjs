// Writes one JSON Schema file whose definitions include every type exported by
// arguments.ts, generated from the pinned @slack/web-api types (no hand-written schemas).
// Usage: node schema/generate.mjs OUT.json
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createGenerator } from "ts-json-schema-generator";

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const generator = createGenerator({
  path: here("arguments.ts"),
  tsconfig: here("tsconfig.json"),
  type: "*",
  expose: "export",
  skipTypeCheck: true,
  additionalProperties: false,
});
writeFileSync(process.argv[2], JSON.stringify(generator.createSchema("*")));
