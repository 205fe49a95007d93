import { Alert, Anchor, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDecimal, formatMonth } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { FactsTable } from '../../components/FactsTable.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { nameIn, type ProgramDetail, type ProgramSummary } from '../programs/model.ts';
import { MonthField } from './MonthField.tsx';
import { manualAdjustmentReasons, type ManualAdjustment, type ManualAdjustmentReason } from './model.ts';

export function AdjustmentPage() {
  return (
    <RequirePermission permission="finance.manage">
      <NewAdjustment />
    </RequirePermission>
  );
}

const empty = { locationId: '', programCode: '', leverCode: '', billedMonth: '', currency: '', amount: '', reason: '', comment: '' };
type Form = typeof empty;

function NewAdjustment() {
  const { t, i18n } = useTranslation(['billing', 'shell']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  usePageTitle(t('billing:adjustment.title'));
  const [form, setForm] = useState<Form>(empty);
  const [programs, setPrograms] = useState<ProgramSummary[]>([]);
  const [levers, setLevers] = useState<{ code: string; earning_type: string }[]>([]);
  const [recorded, setRecorded] = useState<ManualAdjustment | null>(null);
  const { submit, pending, error, fieldError } = useSubmit(() => api<ManualAdjustment>('/api/v1/earnings/adjustments', { json: form }));
  const set = (field: keyof Form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  useEffect(() => {
    api<{ programs: ProgramSummary[] }>('/api/v1/programs').then((r) => setPrograms(r.programs), () => setPrograms([]));
  }, []);
  useEffect(() => {
    setLevers([]);
    if (!form.programCode) return;
    let current = true;
    api<ProgramDetail>(`/api/v1/programs/${encodeURIComponent(form.programCode)}`).then(
      (p) => current && setLevers(p.definition.levers),
      () => current && setLevers([]),
    );
    return () => {
      current = false;
    };
  }, [form.programCode]);

  const reasonLabel = (reason: ManualAdjustmentReason) => t(`billing:adjustment.reasons.${manualAdjustmentReasons[reason]}`);

  if (recorded) {
    const a = recorded;
    const program = programs.find((p) => p.code === a.programCode);
    return (
      <Stack gap="lg">
        <Title order={1}>{t('billing:adjustment.title')}</Title>
        <Alert color="green" variant="light" role="status" title={t('billing:adjustment.recorded')}>
          <FactsTable
            testId="adjustment-recorded"
            rows={[
              [t('billing:adjustment.facts.location'), a.locationId],
              [t('billing:adjustment.facts.program'), `${program ? `${nameIn(program.name, locale)} · ` : ''}${a.programCode} v${a.programVersion}`],
              [t('billing:adjustment.facts.lever'), `${a.leverCode} (${a.earningType})`],
              [t('billing:adjustment.facts.month'), formatMonth(a.billedMonth, locale)],
              [t('billing:adjustment.facts.amount'), `${formatDecimal(a.amount, locale)} ${a.currency}`],
              [t('billing:adjustment.facts.reason'), reasonLabel(a.reason)],
              [t('billing:adjustment.facts.comment'), a.comment],
              [t('billing:adjustment.facts.by'), a.createdBy],
            ]}
          />
        </Alert>
        <Group>
          <Button
            onClick={() => {
              setRecorded(null);
              setForm(empty);
            }}
          >
            {t('billing:adjustment.another')}
          </Button>
          <Anchor component={Link} to="/operations/calculations">
            {t('shell:nav.calculations')}
          </Anchor>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('billing:adjustment.title')}</Title>
        <Text mt="xs">{t('billing:adjustment.intro')}</Text>
      </div>
      <Card withBorder padding="lg">
        <form
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            const outcome = await submit();
            if (outcome.ok) setRecorded(outcome.value);
          }}
        >
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label={t('billing:adjustment.location')}
                description={t('billing:adjustment.locationHint')}
                placeholder="L-2000317"
                value={form.locationId}
                onChange={(e) => set('locationId')(e.currentTarget.value.trim().toUpperCase())}
                error={fieldError('locationId')}
                required
                autoComplete="off"
              />
              <MonthField
                label={t('billing:adjustment.month')}
                description={t('billing:adjustment.monthHint')}
                value={form.billedMonth}
                onChange={set('billedMonth')}
                error={fieldError('billedMonth')}
                required
              />
              <NativeSelect
                label={t('billing:adjustment.program')}
                value={form.programCode}
                onChange={(e) => {
                  const programCode = e.currentTarget.value;
                  setForm((f) => ({ ...f, programCode, leverCode: '' }));
                }}
                error={fieldError('programCode')}
                required
              >
                <option value="">{t('billing:adjustment.chooseProgram')}</option>
                {programs.map((p) => (
                  <option key={p.code} value={p.code}>
                    {nameIn(p.name, locale)} ({p.code})
                  </option>
                ))}
              </NativeSelect>
              <NativeSelect
                label={t('billing:adjustment.lever')}
                value={form.leverCode}
                onChange={(e) => set('leverCode')(e.currentTarget.value)}
                error={fieldError('leverCode')}
                disabled={levers.length === 0}
                required
              >
                <option value="">{t('billing:adjustment.chooseLever')}</option>
                {levers.map((l) => (
                  <option key={l.code} value={l.code}>
                    {l.code} ({l.earning_type})
                  </option>
                ))}
              </NativeSelect>
              <TextInput
                label={t('billing:adjustment.currency')}
                description={t('billing:adjustment.currencyHint')}
                placeholder="USD"
                value={form.currency}
                onChange={(e) => set('currency')(e.currentTarget.value.trim().toUpperCase())}
                error={fieldError('currency')}
                maxLength={3}
                required
                autoComplete="off"
              />
              <TextInput
                label={t('billing:adjustment.amount')}
                description={t('billing:adjustment.amountHint')}
                placeholder="-12.50"
                inputMode="decimal"
                value={form.amount}
                onChange={(e) => set('amount')(e.currentTarget.value.trim())}
                error={fieldError('amount')}
                required
                autoComplete="off"
              />
            </SimpleGrid>
            <NativeSelect label={t('billing:adjustment.reason')} value={form.reason} onChange={(e) => set('reason')(e.currentTarget.value)} error={fieldError('reason')} required maw={420}>
              <option value="">{t('billing:adjustment.chooseReason')}</option>
              {(Object.keys(manualAdjustmentReasons) as ManualAdjustmentReason[]).map((reason) => (
                <option key={reason} value={reason}>
                  {reasonLabel(reason)}
                </option>
              ))}
            </NativeSelect>
            <Textarea
              label={t('billing:adjustment.comment')}
              description={t('billing:adjustment.commentHint')}
              value={form.comment}
              onChange={(e) => set('comment')(e.currentTarget.value)}
              error={fieldError('comment')}
              autosize
              minRows={3}
              maxLength={2000}
              required
            />
            <FormError error={error} />
            <div>
              <Button type="submit" loading={pending}>
                {t('billing:adjustment.submit')}
              </Button>
            </div>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
