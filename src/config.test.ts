import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database in ./.accrue on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.resolve('.accrue') });
    expect(config.baseUrl).toBe('http://localhost:3000');
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/accrue', DATABASE_POOL_MAX: '5' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/accrue', poolMax: 5 });
  });

  it.each([
    ['PORT', 'abc', /PORT must be a whole number \(got "abc"\)/],
    ['PORT', '70000', /PORT must be between 1 and 65535/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of fatal, error/],
    ['ACCRUE_BASE_URL', 'ftp://x', /ACCRUE_BASE_URL must be an http:\/\/ or https:\/\/ URL/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
    ['ACCRUE_PAYER_IBAN', 'DE89370400440532013001', /ACCRUE_PAYER_IBAN must have valid check digits .*\(got "DE89370400440532013001"\)/],
    ['ACCRUE_PAYER_IBAN', 'US12345678', /ACCRUE_PAYER_IBAN must start with the code of a country that uses IBANs/],
    ['ACCRUE_PAYER_BIC', 'COBA', /ACCRUE_PAYER_BIC must be 8 or 11 characters/],
    ['ACCRUE_PAYER_NAME', 'x'.repeat(71), /ACCRUE_PAYER_NAME must be at most 70 characters/],
  ])('a bad %s stops the start naming the variable', (variable, value, message) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(message);
  });

  it('never echoes the value of a secret variable', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://user:hunter2@db/x' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/DATABASE_URL must be a postgres/);
      expect(String(error)).not.toContain('hunter2');
    }
  });

  it('pays from the demo vendor account unless the payer is configured, normalizing IBAN and BIC', () => {
    expect(loadConfig({}).payer).toEqual({ name: 'Accrue demo vendor', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' });
    const config = loadConfig({ ACCRUE_PAYER_NAME: 'Contoso Ltd', ACCRUE_PAYER_IBAN: 'fr14 2004 1010 0505 0001 3m02 606', ACCRUE_PAYER_BIC: 'bnpafrpp' });
    expect(config.payer).toEqual({ name: 'Contoso Ltd', iban: 'FR1420041010050500013M02606', bic: 'BNPAFRPP' });
  });

  it('refuses to start in production on the demo payer account, naming each variable left unset', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ACCRUE_PAYER_NAME: 'Contoso Ltd' })).toThrow(
      /ACCRUE_PAYER_IBAN must be set when NODE_ENV is production[^\n]*\n {2}ACCRUE_PAYER_BIC must be set/,
    );
    const config = loadConfig({ NODE_ENV: 'production', ACCRUE_PAYER_NAME: 'Contoso Ltd', ACCRUE_PAYER_IBAN: 'FR1420041010050500013M02606', ACCRUE_PAYER_BIC: 'BNPAFRPP' });
    expect(config.payer.iban).toBe('FR1420041010050500013M02606');
  });

  it('lets --port override PORT and follows it in the default base URL', () => {
    const config = loadConfig({ PORT: '4000' }, { port: 4100 });
    expect(config.port).toBe(4100);
    expect(config.baseUrl).toBe('http://localhost:4100');
  });
});
