import { Alert, Button, FileInput, Stack, Table, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { FormError } from '../../forms.tsx';
import { uploadFile } from '../billing/upload.ts';
import { useLocale } from '../earnings/Money.tsx';

type Counts = { sent: number; returned: number; unchanged: number };

/** The bank's answer file for the run: recorded all at once, or every refused row listed and nothing changed. */
export function BankResultsForm({ runId, onRecorded }: { runId: string; onRecorded(counts: Counts): void }) {
  const { t, i18n } = useTranslation(['payruns', 'billing', 'common']);
  const locale = useLocale();
  const [file, setFile] = useState<File | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const rows = error instanceof ApiError ? error.rows : [];
  const rule = (code: string): ReactNode => (i18n.exists(`billing:rules.${code}`) ? t(`billing:rules.${code}`) : i18n.exists(`payruns:bankResults.rules.${code}`) ? t(`payruns:bankResults.rules.${code}`) : <code>{code}</code>);

  return (
    <Section id="bank-results" title={t('payruns:bankResults.title')} intro={t('payruns:bankResults.intro')}>
      <form
        noValidate
        onSubmit={async (event) => {
          event.preventDefault();
          if (!file) return;
          setPending(true);
          setError(null);
          try {
            const counts = await uploadFile<Counts>(`/api/v1/payment-runs/${runId}/bank-results?fileName=${encodeURIComponent(file.name)}`, file, () => {});
            setFile(null);
            onRecorded(counts);
          } catch (caught) {
            setError(caught as Error);
          } finally {
            setPending(false);
          }
        }}
      >
        <Stack gap="sm">
          <Text size="sm">
            {t('payruns:bankResults.columns')} <code>payment_id, result, date, reason</code>
          </Text>
          <FileInput
            label={t('payruns:bankResults.file')}
            accept=".csv,text/csv"
            value={file}
            onChange={(f) => {
              setFile(f);
              setError(null);
            }}
            clearable
            clearButtonProps={{ 'aria-label': t('common:clear') }}
            error={error instanceof ApiError ? error.fieldError('body') : undefined}
            maw={480}
          />
          {rows.length === 0 ? <FormError error={error} /> : null}
          {rows.length > 0 ? (
            <Alert color="red" variant="light" role="alert" title={t('payruns:bankResults.refused', { count: rows.length })}>
              <Table withTableBorder data-testid="refused-rows">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('billing:run.problems.row')}</Table.Th>
                    <Table.Th scope="col">{t('billing:run.problems.column')}</Table.Th>
                    <Table.Th scope="col">{t('billing:run.problems.rule')}</Table.Th>
                    <Table.Th scope="col">{t('billing:run.problems.message')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r, i) => (
                    <Table.Tr key={`${r.row}-${r.column}-${r.rule}-${i}`} data-row={r.row}>
                      <Table.Td>{r.row === 0 ? t('billing:run.problems.wholeFile') : r.row.toLocaleString(locale)}</Table.Td>
                      <Table.Td>{r.column ? <code>{r.column}</code> : '—'}</Table.Td>
                      <Table.Td>{rule(r.rule)}</Table.Td>
                      <Table.Td lang="en" style={{ wordBreak: 'break-word' }}>
                        {r.message}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Alert>
          ) : null}
          <div>
            <Button type="submit" loading={pending} disabled={!file}>
              {t('payruns:bankResults.submit')}
            </Button>
          </div>
        </Stack>
      </form>
    </Section>
  );
}
