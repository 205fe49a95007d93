import { describe, expect, it } from 'vitest';
import { sepaCharacters, toSepaText } from './sepa-text.ts';

describe('text in the EPC character set', () => {
  it.each([
    ['Société Générale', 'Societe Generale'],
    ['Müller & Söhne GmbH', 'Muller + Sohne GmbH'],
    ['Straßenbau Øresund Łódź', 'Strassenbau Oresund Lodz'],
    ['O’Brien “Cloud” Ltd.', "O'Brien 'Cloud' Ltd."],
    ['Ｆｕｌｌ　Ｗｉｄｔｈ', 'Full Width'],
    ['한빛클라우드', 'Hanbitkeullaudeu'],
    ['한빛클라우드 주식회사', 'Hanbitkeullaudeu Jusikhoesa'],
    ['(주)서울데이터', '(Ju)Seouldeiteo'],
    ['雲橋科技 (Taiwan) Ltd.', '? (Taiwan) Ltd.'],
    ['雲橋科技', '?'],
    ['Data_Systems #1; 100% [EU]', 'Data-Systems 1, 100 (EU)'],
    ['  spaced \t out  ', 'spaced out'],
    ['', '?'],
  ])('%s → %s', (text, written) => {
    expect(toSepaText(text, 70)).toBe(written);
  });

  it('cuts at the limit without a trailing space, and writes only allowed characters', () => {
    const long = 'Ääkkönen Verwaltungsgesellschaft für Cloud-Dienste und Rechenzentren mbH & Co. KG';
    const written = toSepaText(long, 70);
    expect(written.length).toBeLessThanOrEqual(70);
    expect(written).toBe(written.trim());
    expect(written).toMatch(sepaCharacters);
    expect(written.startsWith('Aakkonen Verwaltungsgesellschaft fur Cloud-Dienste')).toBe(true);
  });

  it('writes nothing outside the set, whatever the input', () => {
    const everything = Array.from({ length: 0x3000 }, (_, i) => String.fromCodePoint(i + 1)).join('') + '가각힣雲橋😀';
    for (let i = 0; i < everything.length; i += 140) {
      expect(toSepaText(everything.slice(i, i + 140), 140)).toMatch(sepaCharacters);
    }
  });
});
