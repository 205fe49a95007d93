import { CommanderError, type Command } from 'commander';
import { loadConfig } from '../config.ts';
import { systemActor } from '../modules/identity/actor.ts';
import { addLocalKey, Encryptor, localKeyFile, localKeyRing, newKeySpec, parseKeyRing, unusedKeyId } from '../security/encryption.ts';
import { rotateKeys, type KeyRotationResult } from '../security/rotate-keys.ts';
import type { WithDatabase } from './mail.ts';
import { exitCodes, type Output } from './output.ts';

/** `accrue keys …`: the key ring of encryption at rest. */
export function registerKeysCommands(program: Command, out: Output, withDatabase: WithDatabase): void {
  const keys = program.command('keys').description('the keys that encrypt bank details, tax ids, TOTP secrets and mail at rest');

  keys
    .command('rotate')
    .description('re-encrypts every encrypted value under the first key of the key ring')
    .option('--new-key', 'first put a new key at the head of the key ring in the data directory (not with ACCRUE_ENCRYPTION_KEY)')
    .action(async (options: { newKey?: boolean }) => {
      const config = loadConfig();
      if (options.newKey && config.encryption) {
        throw new CommanderError(
          exitCodes.usage,
          'accrue.usage',
          '--new-key adds a key to the key file in the data directory, but here the keys come from ACCRUE_ENCRYPTION_KEY. ' +
            'Put a new key first in ACCRUE_ENCRYPTION_KEY, keeping the old ones after it, restart the servers with it, ' +
            `and run \`accrue keys rotate\`. A new key to use:\n  ${newKeySpec(unusedKeyId(config.encryption.keys.keys()))}`,
        );
      }
      const result = await withDatabase(config, 'accrue keys rotate', async (db) => {
        // Written while the data directory is held, so no other command runs with the old ring.
        if (options.newKey) out.info(`Added key ${addLocalKey(config.dataDir)} first in ${localKeyFile(config.dataDir)}.`);
        const encryptor = new Encryptor(config.encryption ?? localKeyRing(config.dataDir));
        return rotateKeys(db, encryptor, { actor: systemActor('cli') });
      });
      out.result(result, describe(result));
    });

  keys
    .command('new')
    .description('prints a new key (id:base64key) to put first in ACCRUE_ENCRYPTION_KEY')
    .action(() => {
      const key = newKeySpec(unusedKeyId(currentKeyIds()));
      out.result({ key }, key);
    });
}

/** The ids in ACCRUE_ENCRYPTION_KEY, read leniently: a broken variable is what a new key may fix. */
function currentKeyIds(): string[] {
  try {
    return [...parseKeyRing(process.env.ACCRUE_ENCRYPTION_KEY ?? '').keys.keys()];
  } catch {
    return [];
  }
}

function describe(r: KeyRotationResult): string {
  const columns = Object.entries(r.byColumn).map(([column, n]) => `${column}: ${n}`).join(', ');
  return (
    `Re-encrypted ${r.reencrypted} value${r.reencrypted === 1 ? '' : 's'} under key ${r.keyId} (${columns}). ` +
    `${r.alreadyCurrent} ${r.alreadyCurrent === 1 ? 'was' : 'were'} already under it.`
  );
}
