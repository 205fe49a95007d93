import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { formatDateTime, formatMonth } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { ListStatus } from '../../components/ListControls.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { Section } from '../../components/Section.tsx';
import { FormError, useSubmit } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { calculationActive, type Calculation } from './model.ts';
import { MonthField } from './MonthField.tsx';
import { ProgressBar, RunStatusBadge } from './RunStatus.tsx';
import { useLoad } from '../../useLoad.ts';

const pageSize = 20;

export function CalculationsPage() {
  return (
    <RequirePermission permission="partners.read">
      <Calculations />
    </RequirePermission>
  );
}

function Calculations() {
  const { t, i18n } = useTranslation(['billing', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  usePageTitle(t('billing:calculations.title'));
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page'))) || 1);
  const list = useLoad<{ calculations: Calculation[]; total: number }>(`/api/v1/calculations?limit=${pageSize}&offset=${(page - 1) * pageSize}`, { pollWhile: (r) => r.calculations.some(calculationActive), intervalMs: 1500 });
  const months = (c: Calculation) => {
    if (c.from && c.to) return c.from === c.to ? formatMonth(c.from, locale) : t('billing:calculations.range', { from: formatMonth(c.from, locale), to: formatMonth(c.to, locale) });
    if (c.from) return t('billing:calculations.fromOnly', { from: formatMonth(c.from, locale) });
    if (c.to) return t('billing:calculations.toOnly', { to: formatMonth(c.to, locale) });
    return t('billing:calculations.allMonths');
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('billing:calculations.title')}</Title>
          <Text mt="xs">{t('billing:calculations.intro')}</Text>
        </div>
        {can('finance.manage') ? (
          <Anchor component={Link} to="/operations/adjustments/new">
            {t('billing:calculations.adjustmentLink')}
          </Anchor>
        ) : null}
      </Group>
      {can('finance.manage') ? <CalculateForm onQueued={list.reload} /> : null}
      <Section id="recent-calculations" title={t('billing:calculations.recent')}>
        <FormError error={list.error} />
        <ListStatus loading={list.loading && list.data === null} empty={list.data !== null && list.data.calculations.length === 0} emptyText={t('billing:calculations.none')} />
        {list.data && list.data.calculations.length > 0 ? (
          <Table.ScrollContainer minWidth={860}>
            <Table striped data-testid="calculations-table">
              <Table.Thead>
                <Table.Tr>
                  {(['requested', 'by', 'months', 'status', 'calculated', 'adjusted', 'finished'] as const).map((c) => (
                    <Table.Th key={c} scope="col">
                      {t(`billing:calculations.columns.${c}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.calculations.map((c) => (
                  <Table.Tr key={c.id} data-calculation={c.id} data-status={c.status}>
                    <Table.Td>{formatDateTime(c.createdAt, locale)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{c.actorLabel}</Table.Td>
                    <Table.Td>{months(c)}</Table.Td>
                    <Table.Td>
                      <Stack gap={6}>
                        <RunStatusBadge status={c.status} />
                        {calculationActive(c) ? <ProgressBar label={t('billing:calculations.columns.status')} percent={null} text={t(`billing:status.${c.status}`)} /> : null}
                        {c.status === 'failed' && c.error ? (
                          <Text size="sm" lang="en" style={{ wordBreak: 'break-word' }}>
                            {c.error}
                          </Text>
                        ) : null}
                      </Stack>
                    </Table.Td>
                    <Table.Td data-count="calculated">{c.status === 'done' ? c.calculated.toLocaleString(locale) : '—'}</Table.Td>
                    <Table.Td data-count="adjusted">{c.status === 'done' ? c.adjusted.toLocaleString(locale) : '—'}</Table.Td>
                    <Table.Td>{c.finishedAt ? formatDateTime(c.finishedAt, locale) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {list.data ? <ListPagination total={list.data.total} pageSize={pageSize} page={page} onChange={(p) => setParams(p > 1 ? { page: String(p) } : {})} /> : null}
      </Section>
    </Stack>
  );
}

function CalculateForm({ onQueued }: { onQueued(): void }) {
  const { t } = useTranslation('billing');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [queued, setQueued] = useState(false);
  const { submit, pending, error, fieldError } = useSubmit(() =>
    api<{ id: string }>('/api/v1/calculations', { json: { ...(from ? { from } : {}), ...(to ? { to } : {}) } }),
  );
  return (
    <Section id="calculate" title={t('calculations.form.title')} intro={t('calculations.form.rangeHint')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          setQueued(false);
          if ((await submit()).ok) {
            setQueued(true);
            onQueued();
          }
        }}
      >
        <Stack gap="md">
          <Group align="flex-start" gap="xl">
            <MonthField label={t('calculations.form.from')} value={from} onChange={setFrom} error={fieldError('from')} />
            <MonthField label={t('calculations.form.to')} value={to} onChange={setTo} error={fieldError('to')} />
          </Group>
          <FormError error={error} />
          {queued ? (
            <Alert color="green" variant="light" role="status">
              {t('calculations.form.queued')}
            </Alert>
          ) : null}
          <div>
            <Button type="submit" loading={pending}>
              {t('calculations.form.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Section>
  );
}
