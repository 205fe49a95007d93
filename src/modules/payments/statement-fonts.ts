// The fonts of PDF statements: Noto Sans KR and Noto Sans TC (SIL Open Font License 1.1), TrueType
// files shipped with the app through npm, parsed once on first use and embedded as subsets.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import type { Locale } from '../../i18n/locales.ts';

export type FontWeight = 'regular' | 'bold';
type Script = 'kr' | 'tc';

const files: Record<Script, Record<FontWeight, string>> = {
  kr: {
    regular: '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf',
  },
  tc: {
    regular: '@expo-google-fonts/noto-sans-tc/400Regular/NotoSansTC_400Regular.ttf',
    bold: '@expo-google-fonts/noto-sans-tc/700Bold/NotoSansTC_700Bold.ttf',
  },
};

const require = createRequire(import.meta.url);
const loaded = new Map<string, Promise<fontkit.Font>>();

function load(file: string): Promise<fontkit.Font> {
  let font = loaded.get(file);
  if (!font) {
    font = fs.readFile(require.resolve(file)).then((bytes) => fontkit.create(bytes) as fontkit.Font);
    font.catch(() => loaded.delete(file));
    loaded.set(file, font);
  }
  return font;
}

/**
 * A font of each weight for the reader's language and one to fall back on per character: Noto
 * Sans KR has all of Hangul but only part of the Han characters Traditional Chinese uses, Noto
 * Sans TC has those and no Hangul, so Korean text prefers KR (its Hanja forms) and Chinese or
 * English text prefers TC, and a name in the other script is still drawn, not boxed.
 */
export interface StatementFonts {
  primary: Record<FontWeight, fontkit.Font>;
  fallback: Record<FontWeight, fontkit.Font>;
}

export async function statementFonts(locale: Locale): Promise<StatementFonts> {
  const [first, second]: [Script, Script] = locale === 'ko-KR' ? ['kr', 'tc'] : ['tc', 'kr'];
  const [primaryRegular, primaryBold, fallbackRegular, fallbackBold] = await Promise.all([
    load(files[first].regular),
    load(files[first].bold),
    load(files[second].regular),
    load(files[second].bold),
  ]);
  return {
    primary: { regular: primaryRegular, bold: primaryBold },
    fallback: { regular: fallbackRegular, bold: fallbackBold },
  };
}

/** The text cut where the font to draw it with changes: `fallback` only for characters the primary font lacks. */
export function fontRuns(text: string, primary: fontkit.Font, fallback: fontkit.Font): { text: string; fallback: boolean }[] {
  const runs: { text: string; fallback: boolean }[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const useFallback = !primary.hasGlyphForCodePoint(code) && fallback.hasGlyphForCodePoint(code);
    const last = runs.at(-1);
    if (last && last.fallback === useFallback) last.text += char;
    else runs.push({ text: char, fallback: useFallback });
  }
  return runs;
}
