// Renders one page of a PDF to PNG with pdf.js, drawing the glyphs embedded in the PDF (never the
// machine's fonts), to look at what a reader will see.
//
//   npx tsx scripts/render-pdf.ts file.pdf out.png [--page 1] [--scale 1.5]
//   npx tsx scripts/render-pdf.ts --statement ko-KR out.png   (the worked example's statement)
//
// Drawing needs @napi-rs/canvas, which pdfjs-dist installs as an optional dependency.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { isLocale } from '../src/i18n/locales.ts';
import { renderStatementPdf } from '../src/modules/payments/statement-pdf.ts';
import { workedExampleStatement } from '../test/helpers/statements.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    page: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1.5' },
    statement: { type: 'string' },
  },
});

interface NodeCanvas {
  canvas: { toBuffer(type: 'image/png'): Buffer };
  context: unknown;
}

async function main(): Promise<void> {
  let data: Uint8Array;
  let output: string | undefined;
  if (values.statement) {
    if (!isLocale(values.statement)) throw new Error(`Not a supported locale: ${values.statement}`);
    data = await renderStatementPdf(workedExampleStatement(values.statement), values.statement);
    output = positionals[0];
  } else {
    if (!positionals[0]) throw new Error('Which PDF?');
    data = new Uint8Array(fs.readFileSync(positionals[0]));
    output = positionals[1];
  }
  if (!output) throw new Error('Where to write the PNG?');

  const size = data.length; // pdf.js takes the buffer over
  const pdf = await getDocument({ data, useSystemFonts: false }).promise;
  const page = await pdf.getPage(Number(values.page));
  const viewport = page.getViewport({ scale: Number(values.scale) });
  const factory = (pdf as unknown as { canvasFactory: { create(w: number, h: number): NodeCanvas } }).canvasFactory;
  const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  await page.render({ canvasContext: context, viewport, canvas } as unknown as Parameters<typeof page.render>[0]).promise;
  fs.writeFileSync(output, canvas.toBuffer('image/png'));
  console.log(`${output}: page ${values.page} of ${pdf.numPages}, ${size} bytes of PDF`);
  await pdf.destroy();
}

await main();
