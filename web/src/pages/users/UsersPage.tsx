import { Anchor, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure, useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { ListPagination } from '../../components/ListPagination.tsx';
import { RequirePermission } from '../../guards.tsx';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { CreateUserForm } from './CreateUserForm.tsx';
import type { User } from './model.ts';

const pageSize = 25;

export function UsersPage() {
  return (
    <RequirePermission permission="users.read">
      <UsersList />
    </RequirePermission>
  );
}

function UsersList() {
  const { t, i18n } = useTranslation(['users', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const { session, can } = useSession();
  const navigate = useNavigate();
  const title = session?.organization ? t('users:title') : t('users:operatorTitle');
  usePageTitle(title);
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ users: User[]; total: number } | null>(null);
  const [creating, { open, close }] = useDisclosure(false);

  const load = useCallback(async () => {
    const params = new URLSearchParams({ limit: String(pageSize), offset: String((page - 1) * pageSize) });
    if (debounced.trim()) params.set('q', debounced.trim());
    if (status) params.set('status', status);
    setData(await api<{ users: User[]; total: number }>(`/api/v1/users?${params}`));
  }, [debounced, status, page]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>{title}</Title>
          <Text mt="xs">{t('users:intro')}</Text>
        </div>
        {can('users.manage') ? <Button onClick={open}>{t('users:create.open')}</Button> : null}
      </Group>
      <Group component="form" role="search" aria-label={t('users:search.label')} onSubmit={(e) => e.preventDefault()} align="flex-end">
        <TextInput label={t('users:search.label')} placeholder={t('users:search.placeholder')} value={q} onChange={(e) => { setQ(e.currentTarget.value); setPage(1); }} w={320} />
        <NativeSelect label={t('users:fields.status')} value={status} onChange={(e) => { setStatus(e.currentTarget.value); setPage(1); }} w={200}>
          <option value="">{t('users:status.any')}</option>
          <option value="active">{t('users:status.active')}</option>
          <option value="deactivated">{t('users:status.deactivated')}</option>
        </NativeSelect>
      </Group>
      <div aria-live="polite">
        {data ? (
          <Text size="sm" c="dimmed" mb="xs">
            {t('users:count', { count: data.total })}
          </Text>
        ) : null}
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('users:fields.name')}</Table.Th>
                <Table.Th scope="col">{t('users:fields.email')}</Table.Th>
                <Table.Th scope="col">{t('users:fields.roles')}</Table.Th>
                <Table.Th scope="col">{t('users:fields.status')}</Table.Th>
                <Table.Th scope="col">{t('users:fields.lastSignIn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data?.users.map((user) => (
                <Table.Tr key={user.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/users/${user.id}`}>
                      {user.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{user.email}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {user.roles.length === 0 ? <Text size="sm">{t('users:noRole')}</Text> : null}
                      {user.roles.map((g) => (
                        <Badge key={g.role} variant="light" color="accrue.8" tt="none">
                          {t(`users:role.${g.role}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{user.invitationPending ? t('users:status.invited') : t(`users:status.${user.status}`)}</Table.Td>
                  <Table.Td>{user.lastSignInAt ? formatDateTime(user.lastSignInAt, locale) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>
      {data ? <ListPagination total={data.total} pageSize={pageSize} page={page} onChange={setPage} /> : null}
      <Modal opened={creating} onClose={close} title={t('users:create.title')} size="lg">
        <CreateUserForm
          onCreated={(user) => {
            close();
            navigate(`/users/${user.id}`);
          }}
        />
      </Modal>
    </Stack>
  );
}
