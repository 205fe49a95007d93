import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

// The EPC's schema is test data beside the repository, not part of it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sepaSchemaPath = path.resolve(repoRoot, '..', 'shared', 'data', 'iso20022', 'pain.001.001.09.EPC132-08_2023_SCT_C2PSP.xsd');
export const sepaSchema = fs.existsSync(sepaSchemaPath) ? fs.readFileSync(sepaSchemaPath, 'utf8') : null;
if (!sepaSchema) console.warn(`The SEPA schema tests are skipped: the EPC schema ${sepaSchemaPath} is missing.`);

/** libxml2's XSD validation of `xml` against the EPC schema (only where the schema is present). */
export async function validateSepa(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: [{ fileName: 'payout.xml', contents: xml }], schema: [sepaSchema!] });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
