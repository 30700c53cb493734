// Parses an AsyncAPI document with the official parser and prints every diagnostic, one per line:
// "<severity> <code> <path>: <message>" (severity: error, warning, info, hint), then "errors=N warnings=N".
// Exit code 0 when the document parsed, 1 otherwise.
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';

const file = process.argv[2];
const severities = ['error', 'warning', 'info', 'hint'];
const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'), { source: file });
let errors = 0;
let warnings = 0;
for (const d of diagnostics) {
  const severity = severities[d.severity] ?? String(d.severity);
  if (d.severity === 0) errors++;
  if (d.severity === 1) warnings++;
  console.log(`${severity} ${d.code} ${(d.path ?? []).join('.')}: ${d.message}`);
}
console.log(`errors=${errors} warnings=${warnings}`);
if (document) {
  console.log(`channels=${document.channels().length} operations=${document.operations().length} messages=${document.components().messages().length}`);
}
process.exit(document ? 0 : 1);
