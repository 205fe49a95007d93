import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { stagePath, useSession, type Stage } from './session.tsx';

function Loading() {
  const { t } = useTranslation('common');
  return (
    <Center h="60vh" role="status" aria-live="polite">
      <Loader aria-label={t('loading')} />
    </Center>
  );
}

/** Pages for signed-in users whose sign-in is complete. */
export function RequireActiveSession() {
  const { session } = useSession();
  const location = useLocation();
  if (!session) return <Loading />;
  if (!session.signedIn) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  const owed = stagePath(session.stage);
  if (owed) return <Navigate to={owed} replace />;
  return <Outlet />;
}

/** A sign-in step page: only for a session that owes exactly that step. */
export function RequireStage({ stage }: { stage: Stage }) {
  const { session } = useSession();
  if (!session) return <Loading />;
  if (!session.signedIn) return <Navigate to="/sign-in" replace />;
  if (session.stage !== stage) return <Navigate to={stagePath(session.stage) ?? '/'} replace />;
  return <Outlet />;
}

/** A page that needs one permission; others see the not-allowed message. */
export function RequirePermission({ permission, children }: { permission: string; children: React.ReactNode }) {
  const { can } = useSession();
  const { t } = useTranslation('shell');
  if (!can(permission)) return <p role="alert">{t('notAllowed')}</p>;
  return <>{children}</>;
}

export { Loading };
