import { describe, expect, it } from 'vitest';
import { programDefinition } from '../../../test/helpers/programs.ts';
import { changedFields } from './changes.ts';
import { programFieldOrder } from './program-file.ts';

describe('changed fields between two versions', () => {
  const before = programDefinition('DIFF');
  const cases: [string, unknown, { field: string; before: unknown; after: unknown }[]][] = [
    ['nothing', before, []],
    ['a name', { ...before, name: { ...before.name, 'zh-TW': '新名稱' } }, [{ field: 'name.zh-TW', before: '測試回饋', after: '新名稱' }]],
    [
      'a list of values, as one field',
      { ...before, eligibility: { ...before.eligibility, partner_types: ['direct_seller', 'indirect_provider'] } },
      [{ field: 'eligibility.partner_types', before: ['direct_seller'], after: ['direct_seller', 'indirect_provider'] }],
    ],
    ['an optional field set', { ...before, eligibility: { ...before.eligibility, min_competency_level: 'gold' } }, [{ field: 'eligibility.min_competency_level', before: null, after: 'gold' }]],
    [
      'a rate changed and one added',
      { ...before, levers: [{ ...before.levers[0]!, rates: [{ ...before.levers[0]!.rates[0]!, rate: '0.09' }, { product_category: 'security', rate: '0.01', from: '2026-07' }] }] },
      [
        { field: 'levers.0.rates.0.rate', before: '0.08', after: '0.09' },
        { field: 'levers.0.rates.1', before: null, after: { product_category: 'security', rate: '0.01', from: '2026-07' } },
      ],
    ],
    ['a lever removed', { ...before, levers: [] }, [{ field: 'levers', before: before.levers, after: [] }]],
  ];
  for (const [label, after, expected] of cases) {
    it(label, () => expect(changedFields(before, after, programFieldOrder)).toEqual(expected));
  }

  it('lists fields in the order of the program file, whatever order the stored JSON has', () => {
    const stored = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(before).reverse())));
    const after = { ...before, payment_delay_months: 9, status: 'open', name: { ...before.name, en: 'Renamed' } };
    expect(changedFields(stored, after, programFieldOrder).map((c) => c.field)).toEqual(['name.en', 'status', 'payment_delay_months']);
  });
});
