import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onAuthProblem, setCsrfToken } from './api.ts';
import { isLocale } from '../../src/i18n/locales.ts';
import { switchLocale } from './i18n.ts';

export type Stage = 'active' | 'mfa_required' | 'mfa_setup_required' | 'password_change_required';

export interface Session {
  signedIn: boolean;
  stage: Stage | null;
  csrfToken: string | null;
  user: { id: string; email: string; name: string; locale: string; mfaEnabled: boolean } | null;
  organization: { id: string; partnerId: string; legalName: string } | null;
  roles: string[];
  permissions: string[];
}

interface SessionContext {
  session: Session | null;
  refresh(): Promise<Session>;
  /** Adopts the session a sign-in step answered with. */
  adopt(session: Session): void;
  signOut(): Promise<void>;
  can(permission: string): boolean;
}

const Context = createContext<SessionContext | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);

  const adopt = useCallback((next: Session) => {
    setCsrfToken(next.csrfToken);
    setSession(next);
    // The user's own language setting wins over the browser's once they are signed in.
    if (next.user && isLocale(next.user.locale) && next.user.locale !== document.documentElement.lang) {
      void switchLocale(next.user.locale);
    }
  }, []);

  const refresh = useCallback(async () => {
    const next = await api<Session>('/api/v1/auth/session');
    adopt(next);
    return next;
  }, [adopt]);

  useEffect(() => {
    void refresh();
    return onAuthProblem(() => void refresh());
  }, [refresh]);

  const value = useMemo<SessionContext>(
    () => ({
      session,
      refresh,
      adopt,
      async signOut() {
        await api('/api/v1/auth/sign-out', { method: 'POST' });
        // A full page load: nothing of the signed-in portal stays in memory.
        window.location.assign('/sign-in');
      },
      can: (permission) => session?.permissions.includes(permission) ?? false,
    }),
    [session, refresh, adopt],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const value = useContext(Context);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Where a session at a sign-in stage must go next. */
export function stagePath(stage: Stage | null): string | null {
  switch (stage) {
    case 'mfa_required':
      return '/sign-in/verify';
    case 'password_change_required':
      return '/change-password';
    case 'mfa_setup_required':
      return '/set-up-verification';
    default:
      return null;
  }
}
