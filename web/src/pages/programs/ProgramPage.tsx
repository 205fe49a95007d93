import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { ApiError, api } from '../../api.ts';
import { Section } from '../../components/Section.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { nameIn, type ProgramDetail, type ProgramSaved } from './model.ts';
import { ProgramDefinitionView } from './ProgramDefinitionView.tsx';

export function ProgramPage() {
  return (
    <RequirePermission permission="programs.read">
      <ProgramDetailView />
    </RequirePermission>
  );
}

/** What the edit or create page just saved, handed over with the navigation. */
export interface SavedState {
  saved?: ProgramSaved;
}

function ProgramDetailView() {
  const { t, i18n } = useTranslation(['programs', 'partners']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { code = '' } = useParams();
  const saved = (useLocation().state as SavedState | null)?.saved;
  const { can } = useSession();
  const [program, setProgram] = useState<ProgramDetail | null>(null);
  const [missing, setMissing] = useState(false);
  usePageTitle(program ? nameIn(program.definition.name, locale) : t('programs:title'));
  useEffect(() => {
    api<ProgramDetail>(`/api/v1/programs/${encodeURIComponent(code)}`).then(setProgram, (error) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
    });
  }, [code]);

  const back = (
    <Anchor component={Link} to="/programs" size="sm">
      {t('programs:back')}
    </Anchor>
  );
  if (missing) {
    return (
      <Stack>
        <Title order={1}>{t('programs:notFound')}</Title>
        {back}
      </Stack>
    );
  }
  if (!program) return null;
  const d = program.definition;
  return (
    <Stack gap="lg">
      {back}
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{nameIn(d.name, locale)}</Title>
          <Text mt="xs">
            {program.code} · {t(`programs:status.${program.status}`)} · {formatDate(d.fiscal_year.start, locale)} – {formatDate(d.fiscal_year.end, locale)}
          </Text>
        </div>
        {can('programs.manage') ? (
          <Button component={Link} to={`/programs/${program.code}/edit`}>
            {t('programs:edit.open')}
          </Button>
        ) : null}
      </Group>
      {saved ? (
        <Alert color={saved.result === 'unchanged' ? 'blue' : 'green'} variant="light" role="status">
          {t(`programs:edit.done_${saved.result}`, { version: saved.version })}
        </Alert>
      ) : null}
      <ProgramDefinitionView definition={d} />
      <Section title={t('programs:sections.versions')} intro={t('programs:versions.intro')}>
        <Table withTableBorder data-testid="versions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('programs:columns.version')}</Table.Th>
              <Table.Th scope="col">{t('programs:columns.status')}</Table.Th>
              <Table.Th scope="col">{t('programs:columns.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('programs:columns.createdBy')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {program.versions.map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>
                  <Anchor component={Link} to={`/programs/${program.code}/versions/${v.version}`}>
                    {t('programs:versions.link', { version: v.version })}
                  </Anchor>
                  {v.version === program.version ? ` · ${t('programs:versions.current')}` : null}
                </Table.Td>
                <Table.Td>{t(`programs:status.${v.status}`)}</Table.Td>
                <Table.Td>{formatDateTime(v.createdAt, locale)}</Table.Td>
                <Table.Td>{v.createdBy}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
    </Stack>
  );
}
