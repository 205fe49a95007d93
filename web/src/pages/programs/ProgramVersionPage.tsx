import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { fieldLabel, valueText } from './fields.ts';
import { nameIn, type ProgramVersion } from './model.ts';
import { ProgramDefinitionView } from './ProgramDefinitionView.tsx';

export function ProgramVersionPage() {
  return (
    <RequirePermission permission="programs.read">
      <VersionView />
    </RequirePermission>
  );
}

/** One recorded version of a program: what it changed from the one before, and its whole definition. */
function VersionView() {
  const { t, i18n } = useTranslation(['programs', 'partners', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { code = '', version = '' } = useParams();
  const [record, setRecord] = useState<ProgramVersion | null>(null);
  const [missing, setMissing] = useState(false);
  const title = record ? t('programs:versions.title', { name: nameIn(record.definition.name, locale), version: record.version }) : t('programs:title');
  usePageTitle(title);
  useEffect(() => {
    setRecord(null);
    api<ProgramVersion>(`/api/v1/programs/${encodeURIComponent(code)}/versions/${encodeURIComponent(version)}`).then(setRecord, (error) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
    });
  }, [code, version]);

  const back = (
    <Anchor component={Link} to={`/programs/${encodeURIComponent(code)}`} size="sm">
      {t('programs:versions.back')}
    </Anchor>
  );
  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('programs:versions.notFound')}</Title>
        {back}
      </Stack>
    );
  }
  if (!record) return null;
  return (
    <Stack gap="lg">
      {back}
      <div>
        <Title order={1}>{title}</Title>
        <Group gap="xs" mt="xs">
          <Text>{t('programs:versions.recorded', { at: formatDateTime(record.createdAt, locale), by: record.createdBy })}</Text>
          {record.current ? (
            <Badge variant="outline" color="dark" tt="none">
              {t('programs:versions.current')}
            </Badge>
          ) : null}
        </Group>
      </div>
      <Section title={t('programs:versions.changesTitle')} intro={record.version > 1 ? t('programs:versions.comparedWith', { version: record.version - 1 }) : undefined}>
        {record.version === 1 ? (
          <Text>{t('programs:versions.first')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table withTableBorder data-testid="changes-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('programs:versions.field')}</Table.Th>
                  <Table.Th scope="col">{t('programs:versions.before')}</Table.Th>
                  <Table.Th scope="col">{t('programs:versions.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {record.changes.map((c) => (
                  <Table.Tr key={c.field}>
                    <Table.Th scope="row" fw="normal">
                      {fieldLabel(c.field, t, record.definition)}
                    </Table.Th>
                    <Table.Td>{valueText(c.field, c.before, t)}</Table.Td>
                    <Table.Td>{valueText(c.field, c.after, t)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
      <ProgramDefinitionView definition={record.definition} />
    </Stack>
  );
}
