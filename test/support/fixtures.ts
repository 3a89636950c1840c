import type { ProviderInput } from '../../src/providers/provider.ts';

// Plain data shared by the Node tests and the tests inside workerd: nothing here may import a runtime.

/** The provider JSON exactly as SPEC §9 shows it, custom identifier included. */
export const SPEC_EXAMPLE_PROVIDER = {
  id: 'acme-gym',
  name: 'Acme Gym',
  emails: ['cancellations@acme.example'],
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
} satisfies ProviderInput;

/** The SPEC example's identifiers as the import stores them: built-ins by key become required objects. */
export const SPEC_EXAMPLE_STORED_IDENTIFIERS = [
  { key: 'email', required: true },
  { key: 'first_name', required: true },
  { key: 'last_name', required: true },
  { key: 'postal_address', required: true },
  { key: 'card_last4', required: true },
  { key: 'member_number', label: 'Member number', required: true, pattern: '^[0-9]{6,10}$' },
];

/** The SPEC example with a second inbox and an optional built-in, as most tests use it. */
export const ACME_GYM: ProviderInput = {
  ...SPEC_EXAMPLE_PROVIDER,
  emails: ['cancellations@acme.example', 'support@acme.example'],
  identifiers: [...SPEC_EXAMPLE_PROVIDER.identifiers.slice(0, 5), { key: 'phone', required: false }, SPEC_EXAMPLE_PROVIDER.identifiers[5]!],
};

export const JANE = {
  email: 'jane@example.com',
  first_name: 'Jane',
  last_name: 'Doe',
  postal_address: '1 Main Street\n12345 Springfield',
  card_last4: '4242',
  member_number: '12345678',
};

/** JANE's identifiers as pages show them, each under ACME_GYM's label for it: [label, value]. */
export const JANE_LABELLED: [label: string, value: string][] = [
  ['Email address', JANE.email],
  ['First name', JANE.first_name],
  ['Last name', JANE.last_name],
  ['Postal address', JANE.postal_address],
  ['Last 4 digits of the payment card', JANE.card_last4],
  ['Member number', JANE.member_number],
];

/** JANE with identifiers that would run as script, or as a link, on a page that did not escape them. */
export const HOSTILE_JANE = {
  ...JANE,
  first_name: '<img src=x onerror=alert(1)>',
  last_name: '</textarea><script>alert(1)</script>',
  postal_address: 'javascript:alert(1)',
};

/** ACME_GYM as a provider speaking another of our languages: its emails and form are in that language. */
export const acmeGymIn = (locale: 'sv' | 'de'): ProviderInput => ({ ...ACME_GYM, id: `acme-gym-${locale}`, name: `Acme Gym ${locale.toUpperCase()}`, locale });
