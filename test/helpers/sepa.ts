import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';

// The EPC's schema (../shared/data/iso20022, copied into the test fixtures so every checkout
// validates against it; it is not shipped in the package).
const schema = fs.readFileSync(fileURLToPath(new URL('../fixtures/iso20022/pain.001.001.09.EPC132-08_2023_SCT_C2PSP.xsd', import.meta.url)), 'utf8');

/** libxml2's XSD validation of `xml` against the EPC schema. */
export async function validateSepa(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: [{ fileName: 'payout.xml', contents: xml }], schema: [schema] });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
