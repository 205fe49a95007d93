import { Alert, Button, Checkbox, Fieldset, Group, List, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { locales } from '../../../../src/i18n/locales.ts';
import { ApiError } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { definitionOf, emptyLever, emptyRate, isDecimalText, type LeverDraft, type ProgramDraft, type RateDraft } from './draft.ts';
import { fieldLabel } from './fields.ts';
import { competencyLevels, earningTypes, partnerTypes, programStatuses, type ProgramSaved } from './model.ts';

interface Props {
  initial: ProgramDraft;
  /** The status saved now: only it and the ones after it are offered. Omitted when creating. */
  savedStatus?: string;
  save(definition: Record<string, unknown>): Promise<ProgramSaved>;
  onSaved(saved: ProgramSaved): void;
  cancelTo: string;
}

/** One form for a program's whole definition, used to create a program and to edit one. */
export function ProgramForm({ initial, savedStatus, save, onSaved, cancelTo }: Props) {
  const { t } = useTranslation(['programs', 'partners', 'common', 'errors']);
  const [draft, setDraft] = useState<ProgramDraft>(initial);
  // The lever or rate row just added, whose first input takes the focus.
  const [focusKey, setFocusKey] = useState<number | null>(null);
  const { submit, pending, error, fieldError } = useSubmit(() => save(definitionOf(draft)));
  const creating = savedStatus === undefined;
  const statuses = creating ? programStatuses : programStatuses.slice(Math.max(programStatuses.indexOf(savedStatus as never), 0));

  const set = setDraft;
  const setEligibility = (change: Partial<ProgramDraft['eligibility']>) => set((d) => ({ ...d, eligibility: { ...d.eligibility, ...change } }));
  const setLever = (i: number, change: Partial<LeverDraft>) => set((d) => ({ ...d, levers: d.levers.map((l, k) => (k === i ? { ...l, ...change } : l)) }));
  const setRate = (i: number, j: number, change: Partial<RateDraft>) =>
    set((d) => ({ ...d, levers: d.levers.map((l, k) => (k === i ? { ...l, rates: l.rates.map((r, m) => (m === j ? { ...r, ...change } : r)) } : l)) }));

  /** The server's message for a field; before it has spoken, a hint when a decimal is not shaped like one. */
  const decimalError = (field: string, value: string, scale: number, example: string) =>
    fieldError(field) ?? (value.trim() && !isDecimalText(value, scale) ? t('errors:rule.decimal_scale', { scale, example }) : undefined);

  const problems = error instanceof ApiError ? error.errors : [];

  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const result = await submit();
        if (result.ok) onSaved(result.value);
        // Refused: the keyboard goes to the first field the server named.
        else requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      }}
    >
      <Stack gap="lg">
        <Section title={t('programs:sections.general')}>
          {creating ? (
            <TextInput
              label={t('programs:form.code')}
              description={t('programs:form.codeHelp')}
              required
              maw={360}
              value={draft.code}
              onChange={(e) => set((d) => ({ ...d, code: e.currentTarget.value.toUpperCase() }))}
              error={fieldError('code')}
            />
          ) : null}
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            {locales.map((l) => (
              <TextInput
                key={l}
                lang={l}
                label={t('programs:form.nameIn', { language: t(`common:language.${l}`) })}
                required
                value={draft.name[l]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  set((d) => ({ ...d, name: { ...d.name, [l]: value } }));
                }}
                error={fieldError(`name.${l}`)}
              />
            ))}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <NativeSelect
              label={t('programs:columns.status')}
              description={creating ? undefined : t('programs:form.statusHelp')}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              value={draft.status}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => ({ ...d, status: value }));
              }}
              error={fieldError('status')}
            >
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {t(`programs:status.${s}`)}
                </option>
              ))}
            </NativeSelect>
            <TextInput
              type="date"
              label={t('programs:form.fiscalYearStart')}
              required
              value={draft.fiscal_year.start}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => ({ ...d, fiscal_year: { ...d.fiscal_year, start: value } }));
              }}
              error={fieldError('fiscal_year.start')}
            />
            <TextInput
              type="date"
              label={t('programs:form.fiscalYearEnd')}
              required
              value={draft.fiscal_year.end}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => ({ ...d, fiscal_year: { ...d.fiscal_year, end: value } }));
              }}
              error={fieldError('fiscal_year.end')}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('programs:sections.eligibility')}>
          <Checkbox.Group
            label={t('programs:eligibility.partnerTypes')}
            required
            value={draft.eligibility.partner_types}
            onChange={(partner_types) => setEligibility({ partner_types })}
            error={fieldError('eligibility.partner_types')}
          >
            <Group gap="lg" mt="xs">
              {partnerTypes.map((p) => (
                <Checkbox key={p} value={p} label={t(`partners:partnerType.${p}`)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox
            label={t('programs:eligibility.openToAll')}
            checked={draft.eligibility.open_to_all}
            onChange={(e) => setEligibility({ open_to_all: e.currentTarget.checked })}
            error={fieldError('eligibility.open_to_all')}
          />
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <NumberInput
              label={t('programs:eligibility.minCompetencies')}
              min={0}
              max={100}
              allowDecimal={false}
              allowNegative={false}
              hideControls
              value={draft.eligibility.min_competencies}
              onChange={(min_competencies) => setEligibility({ min_competencies })}
              error={fieldError('eligibility.min_competencies')}
            />
            <NativeSelect
              label={t('programs:eligibility.minLevel')}
              value={draft.eligibility.min_competency_level}
              onChange={(e) => setEligibility({ min_competency_level: e.currentTarget.value })}
              error={fieldError('eligibility.min_competency_level')}
            >
              <option value="">{t('programs:eligibility.any')}</option>
              {competencyLevels.map((level) => (
                <option key={level} value={level}>
                  {t(`partners:level.${level}`)}
                </option>
              ))}
            </NativeSelect>
            <TextInput
              label={t('programs:form.minRevenueUsd')}
              inputMode="decimal"
              value={draft.eligibility.min_trailing_revenue_usd}
              onChange={(e) => setEligibility({ min_trailing_revenue_usd: e.currentTarget.value })}
              error={decimalError('eligibility.min_trailing_revenue_usd', draft.eligibility.min_trailing_revenue_usd, 2, '50000.00')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <TextInput
              label={t('programs:form.thresholdUsd')}
              inputMode="decimal"
              value={draft.threshold_usd}
              onChange={(e) => {
                const value = e.currentTarget.value;
                set((d) => ({ ...d, threshold_usd: value }));
              }}
              error={decimalError('threshold_usd', draft.threshold_usd, 2, '200.00')}
            />
            <NumberInput
              label={t('programs:form.delayMonths')}
              required
              min={0}
              max={24}
              allowDecimal={false}
              allowNegative={false}
              hideControls
              value={draft.payment_delay_months}
              onChange={(payment_delay_months) => set((d) => ({ ...d, payment_delay_months }))}
              error={fieldError('payment_delay_months')}
            />
          </SimpleGrid>
        </Section>

        <Section title={t('programs:sections.rates')} intro={t('programs:form.ratesHelp')}>
          {draft.levers.map((lever, i) => (
            <Fieldset key={lever.key} legend={t('programs:form.leverN', { n: i + 1 })} data-testid={`lever-${i}`}>
              <Stack gap="sm">
                <Group align="flex-start" wrap="wrap">
                  <TextInput
                    label={t('programs:form.leverCode')}
                    required
                    w={200}
                    autoFocus={lever.key === focusKey}
                    value={lever.code}
                    onChange={(e) => setLever(i, { code: e.currentTarget.value.toUpperCase() })}
                    error={fieldError(`levers.${i}.code`)}
                  />
                  <NativeSelect
                    label={t('programs:columns.earningType')}
                    w={200}
                    value={lever.earning_type}
                    onChange={(e) => setLever(i, { earning_type: e.currentTarget.value })}
                    error={fieldError(`levers.${i}.earning_type`)}
                  >
                    {earningTypes.map((type) => (
                      <option key={type} value={type}>
                        {type}
                      </option>
                    ))}
                  </NativeSelect>
                </Group>
                {lever.rates.map((rate, j) => {
                  const at = `levers.${i}.rates.${j}`;
                  return (
                    <Group key={rate.key} align="flex-start" wrap="wrap" gap="sm" data-testid={`rate-${i}-${j}`}>
                      <TextInput
                        label={t('programs:columns.category')}
                        required
                        w={200}
                        autoFocus={rate.key === focusKey}
                        value={rate.product_category}
                        onChange={(e) => setRate(i, j, { product_category: e.currentTarget.value })}
                        error={fieldError(`${at}.product_category`)}
                      />
                      <TextInput
                        label={t('programs:columns.rate')}
                        required
                        w={180}
                        inputMode="decimal"
                        value={rate.rate}
                        onChange={(e) => setRate(i, j, { rate: e.currentTarget.value })}
                        error={decimalError(`${at}.rate`, rate.rate, 6, '0.06')}
                      />
                      <TextInput
                        type="month"
                        label={t('programs:form.fromMonth')}
                        required
                        w={170}
                        value={rate.from}
                        onChange={(e) => setRate(i, j, { from: e.currentTarget.value })}
                        error={fieldError(`${at}.from`)}
                      />
                      <TextInput
                        type="month"
                        label={t('programs:form.toMonth')}
                        w={170}
                        value={rate.to}
                        onChange={(e) => setRate(i, j, { to: e.currentTarget.value })}
                        error={fieldError(`${at}.to`)}
                      />
                      <Button
                        variant="subtle"
                        color="red"
                        mt={24}
                        disabled={lever.rates.length === 1}
                        aria-label={t('programs:form.removeRate', { n: j + 1, lever: i + 1 })}
                        onClick={() => setLever(i, { rates: lever.rates.filter((_, m) => m !== j) })}
                      >
                        {t('programs:form.remove')}
                      </Button>
                    </Group>
                  );
                })}
                <Group>
                  <Button
                    variant="light"
                    onClick={() => {
                      const rate = emptyRate();
                      setFocusKey(rate.key);
                      setLever(i, { rates: [...lever.rates, rate] });
                    }}
                  >
                    {t('programs:form.addRate')}
                  </Button>
                  <Button
                    variant="subtle"
                    color="red"
                    disabled={draft.levers.length === 1}
                    onClick={() => set((d) => ({ ...d, levers: d.levers.filter((_, k) => k !== i) }))}
                  >
                    {t('programs:form.removeLever', { n: i + 1 })}
                  </Button>
                </Group>
              </Stack>
            </Fieldset>
          ))}
          <Group>
            <Button
              variant="outline"
              onClick={() => {
                const lever = emptyLever();
                setFocusKey(lever.key);
                set((d) => ({ ...d, levers: [...d.levers, lever] }));
              }}
            >
              {t('programs:form.addLever')}
            </Button>
          </Group>
        </Section>

        {problems.length ? (
          <Alert color="red" variant="light" role="alert" title={t('programs:form.problems', { count: problems.length })}>
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={p.field + p.rule}>
                  {fieldLabel(p.field, t)}: {p.message.replace(/^\S+\s/, '')}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <FormError error={error} />
        )}
        <Group>
          <Button type="submit" loading={pending}>
            {creating ? t('programs:form.create') : t('programs:form.save')}
          </Button>
          <Button component={Link} to={cancelTo} variant="default">
            {t('programs:form.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
