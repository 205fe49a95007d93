import { Alert, Anchor, Button, Group, Progress, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatMonth } from '../../../../src/i18n/format.ts';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { filterKeys, filterQuery, type EarningsView } from './filters.ts';
import { useLocale } from './Money.tsx';
import type { EarningsExport } from './model.ts';
import { useLoad } from '../../useLoad.ts';
import { ScrollTable } from './ScrollTable.tsx';

/** Up to this many earnings download at once; more are better prepared in the background. */
export const directDownloadLimit = 10_000;

/**
 * The filtered earnings as earnings.csv: straight away for a view of moderate size, or prepared in
 * the background (with its progress, kept 7 days) for any size. Exports in progress stay listed,
 * so the reader can leave the page and come back for the file.
 */
export function EarningsDownload({ base, view, total }: { base: string; view: EarningsView; total: number | null }) {
  const { t } = useTranslation('earnings');
  const filters = filterQuery(view);
  const query = filters.toString();
  const exports = useLoad<{ exports: EarningsExport[] }>(`${base}/exports`);
  // The queued export shows in the list of the reader's exports, read again once it is asked for.
  const prepare = useSubmit(() => api<unknown>(`${base}/exports`, { json: Object.fromEntries(filters) }));
  const newest = exports.data?.exports[0];
  const [asked, setAsked] = useState(false);
  const working = exports.data?.exports.some((e) => e.status === 'queued' || e.status === 'running') ?? false;

  // While an export is being made, its progress is read again every second.
  useEffect(() => {
    if (!working) return;
    const timer = setTimeout(exports.reload, 1000);
    return () => clearTimeout(timer);
  }, [working, exports.data]);

  return (
    <Stack gap="sm" data-testid="earnings-download">
      <Title order={3} size="h5">
        {t('download.title')}
      </Title>
      <Group gap="md" align="center">
        {total !== null && total > 0 && total <= directDownloadLimit ? (
          <Button component="a" href={`${base}.csv${query ? `?${query}` : ''}`} download variant="default">
            {t('download.csv', { count: total })}
          </Button>
        ) : null}
        <Button
          variant={total !== null && total > directDownloadLimit ? 'filled' : 'default'}
          loading={prepare.pending}
          disabled={total === 0}
          onClick={async () => {
            const result = await prepare.submit();
            if (!result.ok) return;
            setAsked(true);
            exports.reload();
          }}
        >
          {t('download.prepare')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {total !== null && total > directDownloadLimit ? t('download.tooMany', { limit: directDownloadLimit }) : t('download.hint')}
      </Text>
      <FormError error={prepare.error} />
      {/* Says what the export just asked for is doing when that changes, not every row written. */}
      <VisuallyHidden aria-live="polite" data-testid="export-announcement">
        {asked && newest ? t(`download.announce.${newest.status}`) : ''}
      </VisuallyHidden>
      {exports.data && exports.data.exports.length > 0 ? <ExportsTable exports={exports.data.exports} /> : null}
    </Stack>
  );
}

function ExportsTable({ exports }: { exports: EarningsExport[] }) {
  const { t } = useTranslation('earnings');
  const locale = useLocale();
  const describe = (filters: Record<string, string>) => {
    const parts = filterKeys
      .filter((key) => filters[key])
      .map((key) => {
        const value = filters[key]!;
        const shown = key === 'from' || key === 'to' ? formatMonth(value, locale) : key === 'status' ? t(`status.${value}`) : key === 'kind' ? t(`kind.${value}`) : value;
        return t('download.filterValue', { label: t(`filters.${key}`), value: shown });
      });
    return parts.length ? parts.join(' · ') : t('download.allEarnings');
  };
  return (
    <ScrollTable minWidth={720} label={t('download.exports')}>
      <Table withTableBorder data-testid="earnings-exports">
        <caption style={{ textAlign: 'start', captionSide: 'top', fontWeight: 600, paddingBottom: 4 }}>{t('download.exports')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('download.requested')}</Table.Th>
            <Table.Th scope="col">{t('download.filters')}</Table.Th>
            <Table.Th scope="col">{t('download.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {exports.map((e) => {
            const percent = e.progress === null ? 0 : Math.floor(e.progress * 100);
            return (
              <Table.Tr key={e.id} data-export={e.id} data-status={e.status}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.createdAt, locale)}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>{describe(e.filters)}</Table.Td>
                <Table.Td miw={240}>
                  {e.status === 'done' && e.downloadUrl ? (
                    <Stack gap={2}>
                      <Anchor href={e.downloadUrl} download>
                        {t('download.file', { count: e.rowsWritten })}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {t('download.expires', { date: formatDateTime(e.expiresAt, locale) })}
                      </Text>
                    </Stack>
                  ) : e.status === 'failed' ? (
                    <Alert color="red" variant="light" p="xs">
                      {t('download.failed')}
                    </Alert>
                  ) : (
                    <Stack gap={4}>
                      <Text size="sm">
                        {e.status === 'queued' || e.rowsTotal === null
                          ? t('download.queued')
                          : t('download.running', { written: e.rowsWritten.toLocaleString(locale), total: e.rowsTotal.toLocaleString(locale) })}
                      </Text>
                      <Progress.Root size="md">
                        <Progress.Section value={percent} aria-label={t('download.progress')} />
                      </Progress.Root>
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
