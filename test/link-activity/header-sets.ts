/**
 * Header sets of the fetches a reply link gets, in the shapes these clients send (User-Agent strings and
 * Fetch Metadata as documented for each; see docs/link-activity.md). Header names in lower case, as
 * `Request` keeps them.
 */
export interface HeaderSet {
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
}

/** Microsoft Defender for Office 365 Safe Links checking the link on delivery: a HEAD under BingPreview. */
export const SAFE_LINKS_HEAD: HeaderSet = {
  method: 'HEAD',
  headers: {
    'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b',
    accept: '*/*',
  },
};

/** A scanner's headless Chrome rendering the page (it navigates, so it sends Fetch Metadata like a person's Chrome). */
export const HEADLESS_CHROME: HeaderSet = {
  method: 'GET',
  headers: {
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36',
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
    'sec-fetch-dest': 'document',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-site': 'none',
    'sec-fetch-user': '?1',
    'upgrade-insecure-requests': '1',
  },
};

/** A person clicking the button in Outlook on the web: Chrome opens a new tab. */
export const CHROME_CLICK: HeaderSet = {
  method: 'GET',
  headers: {
    'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
    'accept-language': 'sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7',
    'sec-ch-ua': '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"',
    'sec-ch-ua-mobile': '?0',
    'sec-ch-ua-platform': '"Windows"',
    'sec-fetch-dest': 'document',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-site': 'cross-site',
    'sec-fetch-user': '?1',
    'upgrade-insecure-requests': '1',
  },
};

/** Chrome prefetching the page (speculation rules): a navigation nobody asked for, so no Sec-Fetch-User. */
export const CHROME_PREFETCH: HeaderSet = {
  method: 'GET',
  headers: {
    'user-agent': CHROME_CLICK.headers['user-agent']!,
    'sec-purpose': 'prefetch',
    'sec-fetch-dest': 'document',
    'sec-fetch-mode': 'navigate',
    'sec-fetch-site': 'cross-site',
  },
};

export const CURL: HeaderSet = { method: 'GET', headers: { 'user-agent': 'curl/8.5.0', accept: '*/*' } };

/** An HTTP client that copies a browser's User-Agent but sends none of what a browser's navigation does. */
export const BROWSER_AGENT_ONLY: HeaderSet = { method: 'GET', headers: { 'user-agent': CHROME_CLICK.headers['user-agent']! } };

/** Safari before 16.4, which sends no Fetch Metadata at all. */
export const OLD_SAFARI: HeaderSet = {
  method: 'GET',
  headers: {
    'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Safari/605.1.15',
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  },
};
