import { NativeSelect, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import Decimal from 'decimal.js';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../../../src/i18n/format.ts';
import { FormError } from '../../forms.tsx';
import { ListStatus } from '../../components/ListControls.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { useLoad } from '../../useLoad.ts';
import { ProgressBar } from '../billing/RunStatus.tsx';
import { useLocale } from '../earnings/Money.tsx';
import { ScrollTable } from '../earnings/ScrollTable.tsx';
import { holdReasons, type RunHold } from './model.ts';
import { SortHeader, useListParams } from './RunPaymentsTable.tsx';
import { HoldReasons } from './StatusBadges.tsx';

const pageSize = 50;
const keepWords = { wordBreak: 'keep-all', overflowWrap: 'break-word' } as const;

/** How far a group's USD value is toward its program's threshold, 0 to 100. */
function towardThreshold(usd: string, threshold: string): number {
  const limit = new Decimal(threshold);
  if (limit.lte(0)) return 100;
  return Decimal.max(0, Decimal.min(100, new Decimal(usd).div(limit).times(100))).toDecimalPlaces(0, Decimal.ROUND_DOWN).toNumber();
}

/** The groups the run did not pay, with every reason and their USD value against the threshold. */
export function RunHoldsTable({ runId }: { runId: string }) {
  const { t } = useTranslation('payruns');
  const locale = useLocale();
  const { params, sort, direction, page, update } = useListParams('h');
  const reason = holdReasons.find((r) => r === params.get('hreason')) ?? '';
  const query = new URLSearchParams({ sort, direction, limit: String(pageSize), offset: String((page - 1) * pageSize), ...(reason ? { reason } : {}) });
  const list = useLoad<{ holds: RunHold[]; total: number }>(`/api/v1/payment-runs/${runId}/holds?${query}`);
  const onSort = (s: typeof sort, d: typeof direction) => update({ sort: s, dir: d, page: '' });

  return (
    <Stack gap="sm">
      <NativeSelect label={t('holds.filter')} value={reason} onChange={(e) => update({ reason: e.currentTarget.value, page: '' })} maw={360}>
        <option value="">{t('holds.anyReason')}</option>
        {holdReasons.map((r) => (
          <option key={r} value={r}>
            {t(`reason.${r}`)}
          </option>
        ))}
      </NativeSelect>
      <Text size="sm" c="dimmed" aria-live="polite">
        {list.data ? t('holds.count', { count: list.data.total }) : null}
      </Text>
      <FormError error={list.error} />
      <ListStatus loading={list.loading && list.data === null} empty={list.data !== null && list.data.holds.length === 0} emptyText={t('holds.none')} />
      {list.data && list.data.holds.length > 0 ? (
        <ScrollTable minWidth={980} label={t('holds.caption')}>
          <Table striped data-testid="run-holds" aria-busy={list.loading}>
            <caption>
              <VisuallyHidden>{t('holds.caption')}</VisuallyHidden>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <SortHeader label={t('columns.partner')} column="partner" sort={sort} direction={direction} onSort={onSort} />
                <SortHeader label={t('columns.location')} column="location" sort={sort} direction={direction} onSort={onSort} />
                <Table.Th scope="col">{t('columns.program')}</Table.Th>
                <Table.Th scope="col">{t('columns.reasons')}</Table.Th>
                <SortHeader label={t('columns.usdThreshold')} column="usd" sort={sort} direction={direction} onSort={onSort} numeric />
                <Table.Th scope="col" ta="right">{t('columns.earnings')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.holds.map((h) => {
                const percent = towardThreshold(h.usd, h.thresholdUsd);
                const text = t('holds.ofThreshold', { usd: formatMoney(h.usd, 'USD', locale), threshold: formatMoney(h.thresholdUsd, 'USD', locale) });
                return (
                  <Table.Tr key={`${h.location.locationId}-${h.program.code}`} data-location={h.location.locationId} data-program={h.program.code}>
                    <Table.Td>
                      <Text size="sm" style={keepWords}>{h.partner.legalName}</Text>
                      <Text size="xs" c="dimmed">{h.partner.partnerId}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={keepWords}>{h.location.name}</Text>
                      <Text size="xs" c="dimmed">{h.location.locationId}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={keepWords}>{h.program.name}</Text>
                      <Text size="xs" c="dimmed">{h.program.code}</Text>
                    </Table.Td>
                    <Table.Td>
                      <HoldReasons reasons={h.reasons} />
                    </Table.Td>
                    <Table.Td ta="right" miw={180} data-testid="usd-threshold">
                      <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {text}
                      </Text>
                      {/* How far toward the threshold, for the groups that have not reached it. */}
                      {percent < 100 && !h.usd.startsWith('-') ? (
                        <div style={{ marginTop: 4 }}>
                          <ProgressBar label={t('holds.progressLabel', { location: h.location.locationId, program: h.program.code })} percent={percent} text={text} />
                        </div>
                      ) : null}
                    </Table.Td>
                    <Table.Td ta="right">{h.earnings.toLocaleString(locale)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : null}
      {list.data ? <ListPagination total={list.data.total} pageSize={pageSize} page={page} onChange={(p) => update({ page: String(p) })} /> : null}
    </Stack>
  );
}
