import type { CancellationRequestPage } from './client.js';
import type { CanceldeskError, Result } from './result.js';

export interface ChangeFeedOptions {
  /** Where the last run stopped (`feed.cursor`, persisted); from the beginning without one. */
  cursor?: string;
  /** Without a cursor: start at changes from this time on. */
  updatedSince?: string | Date;
  /** Requests per page. */
  limit?: number;
}

type CancellationRequest = CancellationRequestPage['data'][number];

/**
 * Every change to the app's requests, oldest first, paging by itself until it has caught up:
 * `for await (const request of feed)`, then persist `feed.cursor` and check `feed.error`.
 */
export class ChangeFeed implements AsyncIterable<CancellationRequest> {
  /**
   * Where to continue next time. It moves past a page once the loop asks for what follows the page's
   * last request, so a loop that stops mid-page sees that page again: handle a request twice safely.
   */
  cursor: string | undefined;
  /** Why the feed stopped early; null when it caught up. An API error ends the loop, never throws. */
  error: CanceldeskError | null = null;

  readonly #list: (query: ChangeFeedOptions) => Promise<Result<CancellationRequestPage>>;
  readonly #start: ChangeFeedOptions;

  constructor(list: (query: ChangeFeedOptions) => Promise<Result<CancellationRequestPage>>, start: ChangeFeedOptions) {
    this.#list = list;
    this.#start = start;
    this.cursor = start.cursor;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<CancellationRequest> {
    for (;;) {
      const { limit, updatedSince } = this.#start;
      // The API takes one of them: updatedSince starts a poll, the cursor continues it.
      const page = await this.#list(this.cursor === undefined ? { updatedSince, limit } : { cursor: this.cursor, limit });
      if (page.error) {
        this.error = page.error;
        return;
      }
      yield* page.data.data;
      this.cursor = page.data.nextCursor;
      if (!page.data.hasMore) return;
    }
  }
}
