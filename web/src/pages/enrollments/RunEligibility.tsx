import { Alert, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import type { EligibilityRun } from './model.ts';

const counts = ['evaluated', 'eligible', 'changed', 'invited', 'lost', 'programEnded'] as const;

/** Evaluates eligibility now, on an optional date, and shows what the run did. */
export function RunEligibility({ onRan, onClose }: { onRan(): void; onClose(): void }) {
  const { t, i18n } = useTranslation(['enrollments', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [date, setDate] = useState('');
  const [result, setResult] = useState<EligibilityRun | null>(null);
  const { submit, pending, error, fieldError } = useSubmit(() => api<EligibilityRun>('/api/v1/eligibility/run', { json: date ? { date } : {} }));
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setResult(null);
        const outcome = await submit();
        if (outcome.ok) {
          setResult(outcome.value);
          onRan();
        }
      }}
    >
      <Stack gap="sm">
        <Text>{t('enrollments:operator.run.intro')}</Text>
        <TextInput
          type="date"
          label={t('enrollments:operator.run.date')}
          description={t('enrollments:operator.run.dateHint')}
          value={date}
          onChange={(e) => setDate(e.currentTarget.value)}
          error={fieldError('date')}
          maw={360}
          data-autofocus
        />
        <FormError error={error} />
        {result ? (
          <Alert color="green" variant="light" role="status" title={t('enrollments:operator.run.done', { date: formatDate(result.date, locale) })}>
            <Table variant="vertical" layout="fixed" withTableBorder data-testid="run-result" bg="white">
              <Table.Tbody>
                {counts.map((key) => (
                  <Table.Tr key={key} data-count={key}>
                    <Table.Th scope="row" w="70%">
                      {t(`enrollments:operator.run.count.${key}`)}
                    </Table.Th>
                    <Table.Td>{result[key].toLocaleString(locale)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:close')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('enrollments:operator.run.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
