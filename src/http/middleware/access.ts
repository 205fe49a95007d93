import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../errors.ts';
import { can } from '../../modules/identity/actor.ts';
import type { Permission } from '../../modules/identity/permissions.ts';
import type { AppEnv } from '../env.ts';

const stageErrors = {
  mfa_required: () => new AppError('mfa_required', 'Enter your verification code to finish signing in.'),
  mfa_setup_required: () => new AppError('mfa_required', 'Your organization requires a verification code; set one up to continue.'),
  password_change_required: () => new AppError('password_change_required', 'Change your temporary password to continue.'),
} as const;

/** Enforces a route's declared access before its input is even validated. */
export function requireAccess(access: 'public' | 'session' | 'authenticated' | Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (access === 'public') return next();
    const session = c.get('session');
    if (access === 'session') {
      if (!session) throw new AppError('unauthenticated', 'Sign in to continue.');
      return next();
    }
    const actor = c.get('actor');
    if (!actor) {
      if (session && session.stage !== 'active') throw stageErrors[session.stage]();
      throw new AppError('unauthenticated', 'Sign in to continue.');
    }
    if (access !== 'authenticated' && !can(actor, access)) {
      throw new AppError('forbidden', 'Your roles do not allow this.');
    }
    return next();
  };
}
