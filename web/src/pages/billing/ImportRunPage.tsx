import { Alert, Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api, ApiError } from '../../api.ts';
import { FactsTable, type Fact } from '../../components/FactsTable.tsx';
import { ListPagination } from '../../components/ListPagination.tsx';
import { Section } from '../../components/Section.tsx';
import { FormError } from '../../forms.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { formatBytes, importActive, importStatusKey, type ImportRunDetail, type RowProblem } from './model.ts';
import { ImportProgress, RunStatusBadge } from './RunStatus.tsx';
import { useLoad } from '../../useLoad.ts';

export function ImportRunPage() {
  return (
    <RequirePermission permission="partners.read">
      <ImportRun />
    </RequirePermission>
  );
}

/** One import: followed while it runs (the page can be left and opened again), then its counts or refused rows. */
function ImportRun() {
  const { t, i18n } = useTranslation('billing');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { id = '' } = useParams();
  const { data: run, error } = useLoad<ImportRunDetail>(`/api/v1/imports/${encodeURIComponent(id)}`, { pollWhile: importActive, intervalMs: 1000 });
  usePageTitle(run ? run.fileName : t('imports.title'));

  const back = (
    <Anchor component={Link} to="/operations/imports" size="sm">
      {t('run.back')}
    </Anchor>
  );
  if (error instanceof ApiError && (error.status === 404 || error.status === 400)) {
    return (
      <Stack>
        {back}
        <Text role="alert">{t('run.notFound')}</Text>
      </Stack>
    );
  }
  if (!run) return <FormError error={error} />;

  const date = (value: string | null) => (value ? formatDateTime(value, locale) : '—');
  const facts: Fact[] = [
    [t('run.facts.file'), `${run.fileName}${run.bytesTotal !== null ? ` (${formatBytes(run.bytesTotal, locale)})` : ''}`],
    [t('run.facts.kind'), t(`kind.${run.kind}`)],
    [t('run.facts.status'), <RunStatusBadge status={importStatusKey(run)} />],
    [t('run.facts.by'), run.actorLabel],
    [t('run.facts.createdAt'), date(run.createdAt)],
    [t('run.facts.startedAt'), date(run.startedAt)],
    [t('run.facts.finishedAt'), date(run.finishedAt)],
    ...(run.status === 'failed' && run.error ? [[t('run.facts.error'), run.error, 'en'] as Fact] : []),
  ];
  return (
    <Stack gap="lg">
      {back}
      <Title order={1} style={{ wordBreak: 'break-word' }}>
        {run.fileName}
      </Title>
      <Section id="progress" title={t('run.progressTitle')}>
        <ImportProgress run={run} />
        {importActive(run) ? <Text size="sm" c="dimmed">{t('run.leaveHint')}</Text> : null}
        {importActive(run) && run.error ? (
          <Alert color="orange" variant="light">
            <Text size="sm">{t('run.retrying')}</Text>
            <Text size="sm" lang="en">
              {run.error}
            </Text>
          </Alert>
        ) : null}
        <FactsTable rows={facts} testId="import-facts" />
      </Section>
      {run.status === 'done' ? (
        <Section id="counts" title={t('run.counts.title')}>
          <Table variant="vertical" withTableBorder layout="fixed" data-testid="import-counts">
            <Table.Tbody>
              {(['inserted', 'updated', 'unchanged'] as const).map((key) => (
                <Table.Tr key={key} data-count={key}>
                  <Table.Th scope="row" w="60%">
                    {t(`run.counts.${key}`)}
                  </Table.Th>
                  <Table.Td>{run[key].toLocaleString(locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      ) : null}
      {run.status === 'refused' ? <RefusedRows problems={run.problems} count={run.problemCount} /> : null}
    </Stack>
  );
}

const pageSize = 50;

function RefusedRows({ problems, count }: { problems: RowProblem[]; count: number }) {
  const { t, i18n } = useTranslation('billing');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [page, setPage] = useState(1);
  const shown = problems.slice((page - 1) * pageSize, page * pageSize);
  const rule = (code: string): ReactNode => (i18n.exists(`billing:rules.${code}`) ? t(`rules.${code}`) : <code>{code}</code>);
  return (
    <Section id="problems" title={t('run.problems.title')}>
      <Alert color="red" variant="light" role="alert">
        {t('run.problems.intro', { count })} {count > problems.length ? t('run.problems.listed', { listed: problems.length.toLocaleString(locale), count: count.toLocaleString(locale) }) : null}
      </Alert>
      <Table.ScrollContainer minWidth={640}>
        <Table striped withTableBorder data-testid="refused-rows">
          <Table.Caption>{t('run.problems.caption')}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('run.problems.row')}</Table.Th>
              <Table.Th scope="col">{t('run.problems.column')}</Table.Th>
              <Table.Th scope="col">{t('run.problems.rule')}</Table.Th>
              <Table.Th scope="col">{t('run.problems.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((p, i) => (
              <Table.Tr key={`${p.row}-${p.column}-${p.rule}-${i}`} data-row={p.row}>
                <Table.Td>{p.row === 0 ? t('run.problems.wholeFile') : p.row.toLocaleString(locale)}</Table.Td>
                <Table.Td>{p.column ? <code>{p.column}</code> : '—'}</Table.Td>
                <Table.Td>{rule(p.rule)}</Table.Td>
                <Table.Td lang="en" style={{ wordBreak: 'break-word' }}>
                  {p.message}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ListPagination total={problems.length} pageSize={pageSize} page={page} onChange={setPage} />
    </Section>
  );
}
