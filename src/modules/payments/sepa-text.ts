/**
 * The EPC's basic Latin character set for SEPA messages (EPC217-08): letters a–z and A–Z, digits,
 * space and / - ? : ( ) . , ' +. Banks may refuse a file with any other character, and the XSD
 * does not check it, so every text written into a SEPA file goes through `toSepaText`.
 */
export const sepaCharacters = /^[A-Za-z0-9/\-?:().,'+ ]*$/;

/** Characters with no decomposition to basic Latin, and punctuation that has a close equivalent. */
const replacements: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', å: 'a', Å: 'A',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'TH', ł: 'l', Ł: 'L', ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T',
  '&': '+', _: '-', '"': "'", '`': "'", '‘': "'", '’': "'", '‚': "'", '“': "'", '”': "'", '„': "'",
  '–': '-', '—': '-', '‐': '-', '‑': '-', '[': '(', ']': ')', '{': '(', '}': ')', '<': '(', '>': ')',
  ';': ',', '!': '.', '·': '.', '•': '.', '€': 'EUR', '@': ' at ',
  // Full-width and ideographic punctuation that NFKD leaves alone.
  '、': ',', '。': '.', '「': "'", '」': "'", '『': "'", '』': "'", '【': '(', '】': ')', '《': '(', '》': ')',
};

/** Punctuation with no meaning in a name or reference: becomes a space. */
const asSpace = /[#$%*=|\\~^\s]/u;

// Revised Romanization of Korean (2000), syllable by syllable, initial / vowel / final jamo.
const initials = ['g', 'kk', 'n', 'd', 'tt', 'r', 'm', 'b', 'pp', 's', 'ss', '', 'j', 'jj', 'ch', 'k', 't', 'p', 'h'];
const vowels = ['a', 'ae', 'ya', 'yae', 'eo', 'e', 'yeo', 'ye', 'o', 'wa', 'wae', 'oe', 'yo', 'u', 'wo', 'we', 'wi', 'yu', 'eu', 'ui', 'i'];
const finals = ['', 'k', 'k', 'k', 'n', 'n', 'n', 't', 'l', 'k', 'm', 'l', 'l', 'l', 'p', 'l', 'm', 'p', 'p', 't', 't', 'ng', 't', 't', 'k', 't', 'p', 't'];
const rieul = 5;
const finalRieul = 8;

function hangulParts(c: string): { initial: number; vowel: number; final: number } | null {
  const code = c.codePointAt(0)! - 0xac00;
  if (code < 0 || code > 11171) return null;
  return { initial: Math.floor(code / 588), vowel: Math.floor((code % 588) / 28), final: code % 28 };
}

/**
 * `text` in the EPC character set, at most `max` characters: accents dropped (é → e), letters
 * without a decomposition spelled out (ß → ss, ø → o), Hangul romanized (한빛클라우드 →
 * Hanbitkeullaudeu; only the ㄹㄹ → ll sound change is applied), punctuation replaced by its
 * nearest allowed sign. Whatever else cannot be written (Chinese characters, other scripts)
 * becomes one `?` per run, so the reader sees that something was there. Never empty: a text with
 * nothing writable is `?`.
 */
export function toSepaText(text: string, max: number): string {
  let out = '';
  let previousFinal = -1; // the final jamo of the previous character when it was a Hangul syllable
  for (const c of text.normalize('NFC')) {
    const hangul = hangulParts(c);
    if (hangul) {
      let syllable = (hangul.initial === rieul && previousFinal === finalRieul ? 'l' : initials[hangul.initial]!) + vowels[hangul.vowel]! + finals[hangul.final]!;
      if (previousFinal === -1) syllable = syllable.charAt(0).toUpperCase() + syllable.slice(1);
      out += syllable;
      previousFinal = hangul.final;
      continue;
    }
    previousFinal = -1;
    const spelled = replacements[c] ?? c.normalize('NFKD').replace(/\p{M}/gu, '');
    for (const s of spelled) {
      if (sepaCharacters.test(s)) out += s;
      else if (asSpace.test(s)) out += ' ';
      else if (!out.endsWith('?')) out += '?';
    }
  }
  const written = out.replace(/ +/g, ' ').trim().slice(0, max).trim();
  return written || '?';
}
