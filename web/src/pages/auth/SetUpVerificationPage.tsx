import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api.ts';
import { TotpSetup } from '../../components/TotpSetup.tsx';
import { useSession } from '../../session.tsx';
import { AuthCard } from './AuthCard.tsx';

/** The sign-in step `mfa_setup_required`: the user's organization requires two-step verification. */
export function SetUpVerificationPage() {
  const { t } = useTranslation('account');
  const { session, refresh, signOut } = useSession();
  const navigate = useNavigate();
  // Signing in counts as a recent confirmation for 10 minutes; after that only a new sign-in helps.
  const run = async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'reauthentication_required') throw new Error(t('setUpVerification.expired'));
      throw error;
    }
  };
  return (
    <AuthCard title={t('setUpVerification.title')} intro={t('setUpVerification.why', { organization: session?.organization?.legalName ?? '' })}>
      <TotpSetup
        run={run}
        headingOrder={2}
        onDone={async () => {
          await refresh();
          navigate('/', { replace: true });
        }}
      />
      <div>
        <Button
          variant="subtle"
          onClick={async () => {
            await signOut();
            navigate('/sign-in', { replace: true });
          }}
        >
          {t('setUpVerification.signOut')}
        </Button>
      </div>
    </AuthCard>
  );
}
