import { Anchor, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { nameIn, type ProgramSummary } from './model.ts';
import { ProgramImport } from './ProgramImport.tsx';

export function ProgramsPage() {
  return (
    <RequirePermission permission="programs.read">
      <ProgramsList />
    </RequirePermission>
  );
}

function ProgramsList() {
  const { t, i18n } = useTranslation('programs');
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  usePageTitle(t('title'));
  const { can } = useSession();
  const [programs, setPrograms] = useState<ProgramSummary[] | null>(null);
  const [importing, { open, close }] = useDisclosure(false);
  const load = useCallback(async () => setPrograms((await api<{ programs: ProgramSummary[] }>('/api/v1/programs')).programs), []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('title')}</Title>
          <Text mt="xs">{t('intro')}</Text>
        </div>
        {can('programs.manage') ? (
          <Group gap="sm">
            <Button component={Link} to="/programs/new">
              {t('create.open')}
            </Button>
            <Button variant="outline" onClick={open}>
              {t('import.open')}
            </Button>
          </Group>
        ) : null}
      </Group>
      {programs && programs.length === 0 ? <Text>{t('none')}</Text> : null}
      {programs && programs.length > 0 ? (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="programs-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('columns.code')}</Table.Th>
                <Table.Th scope="col">{t('columns.name')}</Table.Th>
                <Table.Th scope="col">{t('columns.status')}</Table.Th>
                <Table.Th scope="col">{t('columns.version')}</Table.Th>
                <Table.Th scope="col">{t('columns.fiscalYear')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {programs.map((p) => (
                <Table.Tr key={p.code}>
                  <Table.Td>
                    <Anchor component={Link} to={`/programs/${p.code}`}>
                      {p.code}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{nameIn(p.name, locale)}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color="dark" tt="none">
                      {t(`status.${p.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{p.version}</Table.Td>
                  <Table.Td>
                    {formatDate(p.fiscalYear.start, locale)} – {formatDate(p.fiscalYear.end, locale)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <Modal opened={importing} onClose={close} title={t('import.title')} size="lg">
        <ProgramImport onImported={() => void load()} />
      </Modal>
    </Stack>
  );
}
