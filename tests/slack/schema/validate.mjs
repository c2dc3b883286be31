// Checks recorded Slack calls against the generated schemas, for as long as stdin is open:
// each input line is a JSON list [{"type": "ChatPostMessage", "body": {...}}, ...] and each
// output line the list of problems found in it ({index, type, errors}; [] when all pass).
// Usage: node schema/validate.mjs SCHEMAS.json
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import Ajv from "ajv";

const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addSchema(JSON.parse(readFileSync(process.argv[2], "utf8")), "slack");

function problems(calls) {
  const found = [];
  calls.forEach((call, index) => {
    const validate = ajv.getSchema(`slack#/definitions/${call.type}`);
    if (!validate) {
      found.push({ index, type: call.type, errors: ["no schema for this type"] });
    } else if (!validate(call.body)) {
      found.push({ index, type: call.type, errors: validate.errors });
    }
  });
  return found;
}

for await (const line of createInterface({ input: process.stdin })) {
  process.stdout.write(JSON.stringify(problems(JSON.parse(line))) + "\n");
}
