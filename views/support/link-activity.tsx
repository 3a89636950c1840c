import type { LinkFetchKind } from '../../src/db/schema.ts';
import type { LinkFetchReason } from '../../src/link-activity/classify.ts';
import { KIND_WORDS, REASON_WORDS } from '../../src/link-activity/summary.ts';
import { moment } from './request-list.tsx';
import { ScrollRegion } from './scroll-region.tsx';

/** Every kept fetch of the request's links, with who it probably was and why we think so. */
export function LinkActivityTable({ activity }: { activity: { at: string; method: string; kind: LinkFetchKind; reasons: LinkFetchReason[] }[] }) {
  return (
    <>
      <h2>Link activity</h2>
      {activity.length === 0 ? (
        <p>No fetch of its link yet.</p>
      ) : (
        <ScrollRegion label="Link activity">
          <table>
            <thead>
              <tr><th>When</th><th>Method</th><th>Probably</th><th>Why</th></tr>
            </thead>
            <tbody>
              {activity.map((fetch) => (
                <tr>
                  <td>{moment(fetch.at)}</td>
                  <td>{fetch.method}</td>
                  <td>{KIND_WORDS[fetch.kind]}</td>
                  <td>{fetch.reasons.map((reason) => REASON_WORDS[reason]).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  );
}
