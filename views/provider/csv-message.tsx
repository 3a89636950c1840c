import type { Copy } from '../../src/copy/index.ts';
import { Layout } from '../layout.tsx';
import { CSV_CSS } from './csv-styles.ts';

/** A page that says what happened to an upload (recorded, refused, cancelled) and leads back to the inbox. */
export function CsvMessagePage(props: { copy: Copy; title: string; lines: string[]; inboxPath: string | null; nonce?: string }) {
  return (
    <Layout title={props.title} lang={props.copy.lang} nonce={props.nonce} css={CSV_CSS}>
      <h1>{props.title}</h1>
      {props.lines.map((line) => (
        <p role="status">{line}</p>
      ))}
      {props.inboxPath && (
        <p>
          <a href={props.inboxPath} class="action">
            {props.copy.csv.backToInbox}
          </a>
        </p>
      )}
    </Layout>
  );
}
