import { Alert, Anchor, Card, List, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { useSession } from '../session.tsx';

interface Admin {
  name: string;
  email: string;
  roles: string[];
}

/** Who to ask for access: every signed-in user can see their organization's administrators. */
export function AdminsCard() {
  const { t } = useTranslation(['home', 'users']);
  const { session } = useSession();
  const [admins, setAdmins] = useState<Admin[] | null>(null);
  useEffect(() => {
    void api<{ admins: Admin[] }>('/api/v1/organization/admins').then((r) => setAdmins(r.admins));
  }, []);
  const noRole = (session?.roles.length ?? 0) === 0;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="admins" data-testid="admins-card">
      <Title order={2} size="h3" id="admins">
        {t('home:admins.title')}
      </Title>
      {noRole ? (
        <Alert mt="sm" variant="light" color="accrue">
          {t('home:admins.noRole')}
        </Alert>
      ) : (
        <Text mt="sm">{t('home:admins.intro')}</Text>
      )}
      {admins && admins.length === 0 ? <Text mt="sm">{t('home:admins.none')}</Text> : null}
      <List mt="sm" spacing={4}>
        {admins?.map((admin) => (
          <List.Item key={admin.email}>
            {admin.name} · <Anchor href={`mailto:${admin.email}`}>{admin.email}</Anchor> ·{' '}
            {admin.roles.map((role) => t(`users:role.${role}`)).join(', ')}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
