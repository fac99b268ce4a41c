import type { Command } from 'commander';
import { createUnitKey } from '../../app/create-key.js';
import { listUnitKeys, showUnitKey, type KeyInfo } from '../../app/show-key.js';
import { present, runCommand, type GlobalOptions } from '../output.js';

const human = (k: KeyInfo): string =>
  `key: ${k.name}${k.default ? ' (default)' : ''}\nfingerprint: sha256 ${k.fingerprint}\nprivate key: ${k.privateKeyFile}\n${k.publicKeyPem}`;

/** `vigie keys create|show|list`: the unit's Ed25519 key that signs anchors (and later referral packages). */
export function registerKeys(program: Command): void {
  const keys = program.command('keys').description("the unit's Ed25519 signing keys ($VIGIE_KEY_DIR)");
  keys
    .command('create')
    .description('create a key pair: NAME.key (mode 0600) and NAME.pub, outside any case folder')
    .requiredOption('--name <name>', 'key name, e.g. the unit')
    .option('--default', 'sign with this key by default (the first key always is)')
    .action((o: { name: string; default?: boolean }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const k = await createUnitKey({ name: o.name, makeDefault: o.default ?? false });
        present(g, k, () => `created ${human(k)}`);
      }),
    );
  keys
    .command('show')
    .description('print a public key (SPKI PEM) and its SHA-256 fingerprint (default: the signing key)')
    .option('--name <name>', 'key name')
    .action((o: { name?: string }, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const k = await showUnitKey(o);
        present(g, k, () => human(k));
      }),
    );
  keys
    .command('list')
    .description('list the keys in the key folder')
    .action((_o: unknown, cmd: Command) =>
      runCommand(async () => {
        const g = cmd.optsWithGlobals<GlobalOptions>();
        const all = await listUnitKeys();
        present(g, all, () =>
          all.length
            ? all.map((k) => `${k.name}${k.default ? ' (default)' : ''}  sha256 ${k.fingerprint}`).join('\n')
            : 'no keys',
        );
      }),
    );
}
