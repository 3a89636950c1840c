import type { Child } from 'hono/jsx';

/** The HTML shell of every page we serve: mobile viewport, system fonts, no external assets. */
export function Layout(props: { title: string; lang?: string; nonce?: string; css?: string; children: Child }) {
  return (
    <html lang={props.lang ?? 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        {/* Pages under a strict CSP allow only styles carrying the response's nonce. The CSS is our own
            constant, set raw because escaping would turn its `>` selectors into `&gt;`. */}
        <style nonce={props.nonce} dangerouslySetInnerHTML={{ __html: BASE_CSS + (props.css ?? '') }} />
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

const BASE_CSS = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f6f7f9; color: #1a1d21; line-height: 1.5; }
  main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: .5rem .6rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
  a { color: #0b57d0; }
  .muted { color: #5f6670; }
  .status { font-weight: 600; }
`;
