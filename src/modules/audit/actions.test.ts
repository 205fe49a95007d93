import { describe, expect, it } from 'vitest';
import { hasMessage, messagesOf, readCatalog } from '../../i18n/catalogs.ts';
import { locales } from '../../i18n/locales.ts';
import { auditActions, auditAreas, isAuditActionFilter } from './actions.ts';

describe('audit actions', () => {
  it('each have a label, and each area a name, in every language', () => {
    const missing = locales.flatMap((locale) => [
      ...auditActions.filter((a) => !hasMessage(locale, `audit:action.${a}`)).map((a) => `${locale} ${a}`),
      ...auditAreas.filter((a) => !hasMessage(locale, `audit:area.${a}`)).map((a) => `${locale} area ${a}`),
    ]);
    expect(missing).toEqual([]);
  });

  it('are the only actions the catalog labels', () => {
    const labelled = Object.entries(messagesOf(readCatalog('audit', 'en')).action as Record<string, object>).flatMap(
      ([area, verbs]) => Object.keys(verbs).map((verb) => `${area}.${verb}`),
    );
    expect(labelled.sort()).toEqual([...auditActions].sort());
  });

  it('filter by one action or by an area prefix, nothing else', () => {
    expect(isAuditActionFilter('user.roles_changed')).toBe(true);
    expect(isAuditActionFilter('auth.')).toBe(true);
    expect(isAuditActionFilter('api_token.')).toBe(true);
    for (const bad of ['auth', 'nope.', 'auth.sign_%', '', '.', 'user.roles']) {
      expect(isAuditActionFilter(bad), bad).toBe(false);
    }
  });
});
