import { Alert, Button, Code, Group, List, Modal, Stack, Table, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../../src/i18n/format.ts';
import { defaultLocale, isLocale } from '../../../../src/i18n/locales.ts';
import { api } from '../../api.ts';
import { FormError, useSubmit } from '../../forms.tsx';
import { NewTokenForm } from './NewTokenForm.tsx';
import { Done, Section } from './Section.tsx';

interface ApiToken {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

const statusOf = (token: ApiToken) => (token.revokedAt ? 'revoked' : new Date(token.expiresAt) <= new Date() ? 'expired' : 'active');

/** The user's API tokens: the list (never the secrets), revoking one, and creating one. */
export function TokensSection() {
  const { t, i18n } = useTranslation(['account', 'common']);
  const locale = isLocale(i18n.language) ? i18n.language : defaultLocale;
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const revoke = useSubmit(() => api<void>(`/api/v1/me/tokens/${revoking!.id}`, { method: 'DELETE' }));

  const load = useCallback(async () => {
    try {
      setTokens((await api<{ tokens: ApiToken[] }>('/api/v1/me/tokens')).tokens);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, []);
  useEffect(() => void load(), [load]);

  return (
    <Section id="tokens" title={t('account:tokens.title')} intro={t('account:tokens.intro')}>
      {failed ? (
        <Alert color="red" role="alert" title={t('common:loadFailed')}>
          <Button variant="outline" color="red.9" onClick={() => void load()}>
            {t('common:retry')}
          </Button>
        </Alert>
      ) : null}
      {notice ? <Done>{notice}</Done> : null}
      {tokens && tokens.length === 0 ? <Text>{t('account:tokens.empty')}</Text> : null}
      {tokens && tokens.length > 0 ? (
        <Table.ScrollContainer minWidth={760}>
          <Table striped withTableBorder data-testid="token-list">
            <Table.Thead>
              <Table.Tr>
                {(['name', 'prefix', 'permissions', 'expiresAt', 'lastUsedAt', 'status', 'actions'] as const).map((c) => (
                  <Table.Th key={c} scope="col">
                    {t(`account:tokens.column.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.map((token) => {
                const status = statusOf(token);
                return (
                  <Table.Tr key={token.id}>
                    <Table.Td>{token.name}</Table.Td>
                    <Table.Td>
                      <Code>{token.prefix}…</Code>
                    </Table.Td>
                    <Table.Td>
                      <List size="sm" spacing={0} listStyleType="none">
                        {token.permissions.map((p) => (
                          <List.Item key={p}>{t(`account:permission.${p}`)}</List.Item>
                        ))}
                      </List>
                    </Table.Td>
                    <Table.Td>{formatDateTime(token.expiresAt, locale)}</Table.Td>
                    <Table.Td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale) : t('account:tokens.never')}</Table.Td>
                    <Table.Td>{t(`account:tokens.status.${status}`)}</Table.Td>
                    <Table.Td>
                      {status === 'active' ? (
                        <Button
                          size="xs"
                          variant="outline"
                          color="red.9"
                          aria-label={t('account:tokens.revokeLabel', { name: token.name })}
                          onClick={() => (setNotice(null), setRevoking(token))}
                        >
                          {t('account:tokens.revoke')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <NewTokenForm onCreated={() => void load()} />
      <Modal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title={t('account:tokens.revokeTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('account:mfa.cancel') }}
        // Modals render in place (theme.ts): a fixed box inside the main area needs its left edge set.
      >
        <Stack gap="sm">
          <Text>{t('account:tokens.revokeBody', { name: revoking?.name ?? '' })}</Text>
          <FormError error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              {t('account:mfa.cancel')}
            </Button>
            <Button
              color="red.9"
              loading={revoke.pending}
              onClick={async () => {
                const name = revoking?.name ?? '';
                const result = await revoke.submit();
                if (!result.ok) return;
                setRevoking(null);
                setNotice(t('account:tokens.revoked', { name }));
                await load();
              }}
            >
              {t('account:tokens.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}
