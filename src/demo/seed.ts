import { authenticateApiKey, createApiClient } from '../clients/api-clients.ts';
import { PRODUCTION_DATABASE_URL } from '../config.ts';
import { findProvider } from '../db/providers.ts';
import type { Deps } from '../deps.ts';
import { importProviders } from '../operator/import-providers.ts';
import type { ProviderInput } from '../providers/provider.ts';

/**
 * What a newcomer needs to see the whole flow with zero configuration: one provider and one API key.
 * Development only; the key is fixed so it stays the same across restarts (only its hash is stored).
 */
export const DEMO_API_KEY = 'cdk_demo_local_development_only_not_a_secret';

export const DEMO_PROVIDER: ProviderInput = {
  id: 'demo-gym',
  name: 'Demo Gym',
  emails: ['cancellations@demo-gym.example'],
  locale: 'en',
  identifiers: [
    'email',
    'first_name',
    'last_name',
    'postal_address',
    'card_last4',
    { key: 'member_number', label: 'Member number', required: true, pattern: '^[0-9]{6,10}$' },
  ],
  replyWindowDays: 30,
  reminderDays: [3, 7],
};

export const DEMO_CUSTOMER = {
  email: 'jane.doe@example.com',
  first_name: 'Jane',
  last_name: 'Doe',
  postal_address: '1 Main Street\n12345 Springfield',
  card_last4: '4242',
  member_number: '12345678',
};

type DemoDeps = Pick<Deps, 'db' | 'atomic' | 'clock' | 'ids' | 'config' | 'linearTimeCheck'>;

/** What `serve` did about the demo before listening; `refused` is the one line to stop on. */
export type DemoAtStart = { kind: 'seeded' } | { kind: 'absent' } | { kind: 'refused'; problem: string };

/**
 * Development seeds the demo. Production refuses to start on a database that holds it: its key is
 * public (it is in this file), and a database first started in development keeps it.
 */
export async function demoAtStart(deps: DemoDeps): Promise<DemoAtStart> {
  if (deps.config.environment === 'development') {
    await seedDemo(deps);
    return { kind: 'seeded' };
  }
  if (deps.config.environment !== 'production') return { kind: 'absent' };
  const leftovers = [
    ...((await authenticateApiKey(deps, DEMO_API_KEY)) ? ['the public demo API key'] : []),
    ...((await findProvider(deps.db, DEMO_PROVIDER.id)) ? [`the demo provider ${DEMO_PROVIDER.id}`] : []),
  ];
  if (leftovers.length === 0) return { kind: 'absent' };
  return {
    kind: 'refused',
    problem: `DATABASE_URL: ${deps.config.databaseUrl} was first started in development and holds ${leftovers.join(' and ')}, which production must not serve; point DATABASE_URL at a database of production's own (unset, it is ${PRODUCTION_DATABASE_URL})`,
  };
}

export async function seedDemo(deps: DemoDeps): Promise<void> {
  const imported = await importProviders(deps, [DEMO_PROVIDER]);
  if (imported.kind === 'invalid') throw new Error(`demo provider is invalid: ${JSON.stringify(imported.fields)}`);
  if (!(await authenticateApiKey(deps, DEMO_API_KEY))) {
    await createApiClient(deps, { name: 'Demo app' }, DEMO_API_KEY);
  }
}
