import type { Child } from 'hono/jsx';
import { Layout } from '../layout.tsx';

/** The console's frame: who is signed in, the way back to the list, and logging out. */
export function ConsoleLayout(props: { title: string; supporter: string; nonce?: string; children: Child }) {
  return (
    <Layout title={`${props.title} · Canceldesk support`} nonce={props.nonce} css={CONSOLE_CSS}>
      <header class="bar">
        <a href="/support">Requests</a>
        <a href="/support/email-replies">Email replies</a>
        <a href="/support/stats">Provider stats</a>
        <span class="muted">{props.supporter}</span>
        <form method="post" action="/support/logout">
          <button type="submit" class="link">Log out</button>
        </form>
      </header>
      {props.children}
    </Layout>
  );
}

const CONSOLE_CSS = `
  .bar { display: flex; gap: 1rem; align-items: center; margin-bottom: 1rem; flex-wrap: wrap; }
  .bar form { margin-left: auto; }
  button { font: inherit; min-height: 44px; padding: .4rem 1rem; border-radius: .375rem; border: 1px solid #0b57d0; background: #0b57d0; color: #fff; cursor: pointer; }
  button.link { background: none; color: #0b57d0; border: 0; text-decoration: underline; padding: .4rem; }
  button.secondary { background: #fff; color: #0b57d0; }
  select, input, textarea { font: inherit; min-height: 44px; padding: .4rem; border: 1px solid #6b737c; border-radius: .375rem; box-sizing: border-box; }
  textarea { width: 100%; min-height: 4rem; }
  .filters { display: flex; gap: .75rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
  .filters label, .record label { display: block; font-weight: 600; font-size: .9rem; }
  .scroll { overflow-x: auto; }
  .free-text { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff8e1; padding: .25rem .4rem; }
  .value { white-space: pre-line; overflow-wrap: anywhere; }
  .actions { display: flex; gap: .75rem; flex-wrap: wrap; }
  .record { display: grid; gap: .75rem; max-width: 32rem; background: #fff; padding: 1rem; border: 1px solid #d5d9de; border-radius: .5rem; }
  .reply { border: 1px solid #d5d9de; border-radius: .5rem; padding: .25rem 1rem 1rem; margin-bottom: 1rem; background: #fff; }
  .suggestion { font-weight: 600; }
  .assign label { display: block; font-weight: 600; font-size: .9rem; }
  .error { color: #b3261e; font-weight: 600; }
  .notice { background: #eef6ee; border: 1px solid #9cc59c; padding: .5rem 1rem; border-radius: .5rem; }
  :focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dl.facts dt { color: #4a5058; }
  dl.facts dd { margin: 0; }
  .charts figure { margin: 0 0 1.5rem; max-width: 36rem; }
  svg.chart { display: block; width: 100%; height: auto; background: #fff; }
  .legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
