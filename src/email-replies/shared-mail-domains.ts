import sharedProviders from 'email-providers/all.json' with { type: 'json' };

// A few Nordic and German ISP mailboxes the list lacks; addresses there belong to people, not companies.
const MORE = ['telia.com', 'live.se', 'bredband.net', 'comhem.se', 'tele2.se', 'bahnhof.se', 'spray.se', 'freenet.de', 'arcor.de'];

let domains: Set<string> | undefined;

/**
 * Whether anyone can get an address at this domain (Gmail, Outlook, GMX, …; the `email-providers`
 * list): a sender there shares the provider's domain without being the provider.
 */
export function isSharedMailDomain(domain: string): boolean {
  domains ??= new Set([...(sharedProviders as string[]), ...MORE]);
  return domains.has(domain.toLowerCase());
}
