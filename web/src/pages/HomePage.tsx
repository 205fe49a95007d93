import { Card, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session.tsx';
import { usePageTitle } from '../usePageTitle.ts';
import { AdminsCard } from './AdminsCard.tsx';
import { InvitationBanner } from './incentives/InvitationBanner.tsx';
import { UnlockAccountCard } from './UnlockAccountCard.tsx';

export function HomePage() {
  const { t } = useTranslation('home');
  const { session, can } = useSession();
  usePageTitle(t('title'));
  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={1}>{t('title')}</Title>
        {session?.user ? (
          <Text mt="xs" fw={600}>
            {t('greeting', { name: session.user.name })}
          </Text>
        ) : null}
        <Text mt="xs" size="lg">
          {t('intro')}
        </Text>
      </div>
      {session?.organization ? <InvitationBanner /> : null}
      <AdminsCard />
      {can('accounts.unlock') ? <UnlockAccountCard /> : null}
      {session?.organization ? <PartnerGuide /> : null}
    </Stack>
  );
}

/** What a partner does here: the help page's outline. */
function PartnerGuide() {
  const { t } = useTranslation('home');
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Card withBorder padding="lg" component="section" aria-labelledby="one-site">
          <Title order={2} size="h3" id="one-site">
            {t('oneSite.title')}
          </Title>
          <Text mt="sm">{t('oneSite.body')}</Text>
        </Card>
        <Card withBorder padding="lg" component="section" aria-labelledby="qualify">
          <Title order={2} size="h3" id="qualify">
            {t('qualify.title')}
          </Title>
          <Text mt="sm">{t('qualify.intro')}</Text>
          <List mt="xs" spacing={4}>
            <List.Item>{t('qualify.partnerNetwork')}</List.Item>
            <List.Item>{t('qualify.distributor')}</List.Item>
            <List.Item>{t('qualify.reseller')}</List.Item>
            <List.Item>{t('qualify.competency')}</List.Item>
          </List>
          <Text mt="sm">{t('qualify.invited')}</Text>
        </Card>
      </SimpleGrid>
      <Card withBorder padding="lg" component="section" aria-labelledby="migration">
        <Title order={2} size="h3" id="migration">
          {t('migration.title')}
        </Title>
        <Text mt="sm">{t('migration.body')}</Text>
        <List type="ordered" mt="xs" spacing={4}>
          <List.Item>{t('migration.step1')}</List.Item>
          <List.Item>{t('migration.step2')}</List.Item>
          <List.Item>{t('migration.step3')}</List.Item>
        </List>
        <Text mt="sm">{t('migration.after')}</Text>
      </Card>
    </>
  );
}
