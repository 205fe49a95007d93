import { Alert, Button, FileInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';

/** Sends a program file as it is: JSON as JSON, anything else as YAML text. */
export function ProgramImport({ onImported }: { onImported(): void }) {
  const { t } = useTranslation(['programs', 'common']);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<'created' | 'updated' | 'unchanged' | null>(null);
  const { submit, pending, error } = useSubmit(async () => {
    const text = await file!.text();
    const json = file!.name.toLowerCase().endsWith('.json');
    return api<{ inserted: number; updated: number; unchanged: number }>('/api/v1/programs/import', {
      method: 'POST',
      ...(json ? { json: JSON.parse(text) } : { yaml: text }),
    });
  });
  const fieldErrors = error instanceof ApiError ? error.errors : [];
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setResult(null);
        const r = await submit();
        if (!r.ok) return;
        setResult(r.value.inserted ? 'created' : r.value.updated ? 'updated' : 'unchanged');
        onImported();
      }}
    >
      <Stack>
        <Text size="sm">{t('programs:import.intro')}</Text>
        <FileInput label={t('programs:import.file')} accept=".yaml,.yml,.json" value={file} onChange={setFile} clearable clearButtonProps={{ 'aria-label': t('common:clear') }} />
        {fieldErrors.length ? (
          <Alert color="red" variant="light" role="alert">
            <ul>
              {fieldErrors.map((e) => (
                <li key={e.field + e.message}>{e.message}</li>
              ))}
            </ul>
          </Alert>
        ) : (
          <FormError error={error} />
        )}
        {result ? (
          <Alert color="green" variant="light" role="status">
            {t(`programs:import.done_${result}`)}
          </Alert>
        ) : null}
        <div>
          <Button type="submit" loading={pending} disabled={!file}>
            {t('programs:import.submit')}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
