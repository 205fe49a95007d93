import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session.tsx';
import { usePageTitle } from '../../usePageTitle.ts';
import { EmailSection } from './EmailSection.tsx';
import { MfaSection } from './MfaSection.tsx';
import { PasswordSection } from './PasswordSection.tsx';
import { ProfileSection } from './ProfileSection.tsx';
import { TokensSection } from './TokensSection.tsx';

/** The signed-in user's own settings. */
export function AccountPage() {
  const { t } = useTranslation('account');
  usePageTitle(t('title'));
  const { session } = useSession();
  if (!session?.user) return null;
  return (
    <Stack gap="lg" maw={960}>
      <div>
        <Title order={1}>{t('title')}</Title>
        <Text mt="xs">{t('intro')}</Text>
      </div>
      <ProfileSection />
      <EmailSection />
      <PasswordSection />
      <MfaSection />
      <TokensSection />
    </Stack>
  );
}
