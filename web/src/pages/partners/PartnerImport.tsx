import { Alert, Button, FileInput, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { FormError } from '../../forms.tsx';
import { upload } from './upload.ts';

type Counts = {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Upload of partners.csv (+ agreements.csv, competencies.csv): the counts, or every refused row. */
export function PartnerImport({ onImported }: { onImported(): void }) {
  const { t } = useTranslation(['partners', 'common']);
  const [files, setFiles] = useState<File[]>([]);
  const [pending, setPending] = useState(false);
  const [counts, setCounts] = useState<Counts | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);

  const rows = error instanceof ApiError ? error.rows : [];
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setPending(true);
        setError(null);
        setCounts(null);
        try {
          setCounts(await upload<Counts>('/api/v1/partners/import', files));
          onImported();
        } catch (caught) {
          setError(caught as Error);
        } finally {
          setPending(false);
        }
      }}
    >
      <Stack>
        <Text size="sm">{t('partners:import.intro')}</Text>
        <FileInput
          label={t('partners:import.files')}
          multiple
          accept=".csv,text/csv"
          value={files}
          onChange={setFiles}
          clearable
          clearButtonProps={{ 'aria-label': t('common:clear') }}
          error={error instanceof ApiError ? error.fieldError('files') : undefined}
        />
        {rows.length === 0 ? <FormError error={error} /> : null}
        {counts ? (
          <Alert color="green" variant="light" role="status">
            {t('partners:import.done', { ...counts })}
          </Alert>
        ) : null}
        {rows.length > 0 ? (
          <Alert color="red" variant="light" role="alert" title={t('partners:import.refused')}>
            <Table data-testid="refused-rows" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('partners:columns.file')}</Table.Th>
                  <Table.Th scope="col">{t('partners:columns.row')}</Table.Th>
                  <Table.Th scope="col">{t('partners:columns.column')}</Table.Th>
                  <Table.Th scope="col">{t('partners:columns.problem')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={`${r.file}-${r.row}-${r.column}-${r.rule}`}>
                    <Table.Td>{r.file}</Table.Td>
                    <Table.Td>{r.row}</Table.Td>
                    <Table.Td>{r.column ?? '—'}</Table.Td>
                    <Table.Td>{r.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Alert>
        ) : null}
        <div>
          <Button type="submit" loading={pending} disabled={files.length === 0}>
            {t('partners:import.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
