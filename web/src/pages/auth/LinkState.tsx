import { Alert, Anchor, Loader } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api.ts';
import { linkToken } from './AuthCard.tsx';

export interface LinkInfo {
  email: string;
  name: string;
  organizationName: string | null;
  expiresAt: string;
}

/** Checks an emailed link once; says so plainly when it is used, expired or unknown. */
export function useLink(checkPath: string) {
  const [token] = useState(linkToken);
  const [info, setInfo] = useState<LinkInfo | null>(null);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    if (!token) {
      setInvalid(true);
      return;
    }
    api<LinkInfo>(checkPath, { json: { token } }).then(setInfo, () => setInvalid(true));
  }, [checkPath, token]);
  return { token, info, invalid };
}

export function LinkProblem() {
  const { t } = useTranslation('auth');
  return (
    <>
      <Alert color="red" role="alert" variant="light">
        {t('link.invalid')}
      </Alert>
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('backToSignIn')}
      </Anchor>
    </>
  );
}

export function LinkLoading() {
  const { t } = useTranslation('common');
  return <Loader aria-label={t('loading')} />;
}
