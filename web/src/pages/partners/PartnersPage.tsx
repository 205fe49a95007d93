import { Anchor, Button, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api.ts';
import { ListPagination } from '../../components/ListPagination.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { PartnerForm } from './PartnerForm.tsx';
import { PartnerImport } from './PartnerImport.tsx';

interface PartnerSummary {
  partnerId: string;
  legalName: string;
  country: string;
  language: string;
  locationCount: number;
}

const pageSize = 25;

export function PartnersPage() {
  return (
    <RequirePermission permission="partners.read">
      <PartnersList />
    </RequirePermission>
  );
}

function PartnersList() {
  const { t } = useTranslation(['partners', 'common']);
  usePageTitle(t('partners:title'));
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ partners: PartnerSummary[]; total: number } | null>(null);
  const [importing, { open, close }] = useDisclosure(false);
  const [creating, creation] = useDisclosure(false);
  const navigate = useNavigate();

  const load = useCallback(async () => {
    const params = new URLSearchParams({ limit: String(pageSize), offset: String((page - 1) * pageSize) });
    if (debounced.trim()) params.set('q', debounced.trim());
    setData(await api(`/api/v1/partners?${params}`));
  }, [debounced, page]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{t('partners:title')}</Title>
          <Text mt="xs">{t('partners:intro')}</Text>
        </div>
        {can('partners.manage') ? (
          <Group gap="sm">
            <Button onClick={creation.open}>{t('partners:actions.newPartner')}</Button>
            <Button variant="default" onClick={open}>
              {t('partners:import.open')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <TextInput label={t('partners:search.label')} placeholder={t('partners:search.placeholder')} value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(1); }} w={360} />
      </form>
      <div aria-live="polite">
        {data ? (
          <Text size="sm" c="dimmed" mb="xs">
            {t('partners:count', { count: data.total })}
          </Text>
        ) : null}
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="partners-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('partners:columns.partnerId')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.legalName')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.country')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.language')}</Table.Th>
                <Table.Th scope="col">{t('partners:columns.locations')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data?.partners.map((p) => (
                <Table.Tr key={p.partnerId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/partners/${p.partnerId}`}>
                      {p.partnerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{p.legalName}</Table.Td>
                  <Table.Td>{p.country}</Table.Td>
                  <Table.Td>{t(`common:language.${p.language}`)}</Table.Td>
                  <Table.Td>{p.locationCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>
      {data ? <ListPagination total={data.total} pageSize={pageSize} page={page} onChange={setPage} /> : null}
      <Modal opened={creating} onClose={creation.close} title={t('partners:dialogs.createPartner')} size="lg">
        <PartnerForm
          partner={null}
          onDone={(partner) => {
            creation.close();
            navigate(`/partners/${partner.partnerId}`);
          }}
        />
      </Modal>
      <Modal opened={importing} onClose={close} title={t('partners:import.title')} size="xl">
        <PartnerImport onImported={() => void load()} />
      </Modal>
    </Stack>
  );
}
