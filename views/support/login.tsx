import { Layout } from '../layout.tsx';

/** The support console's words (English only: support is the operator's own staff). */
const COPY = {
  title: 'Canceldesk support: log in',
  heading: 'Support login',
  email: 'Email',
  password: 'Password',
  submit: 'Log in',
  wrongCredentials: 'Email or password is wrong',
  waitBeforeTrying: (minutes: number) =>
    `Too many wrong tries. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
  busy: 'Many logins are being checked right now. Try again in a moment.',
  refusedTitle: 'Form refused',
  refusedHeading: 'This form was refused',
  refusedBody: {
    refused: 'It did not come from a Canceldesk page. Open the page again and send it from there.',
    too_large: 'It was larger than any of our forms sends (64 KiB). Shorten the text and send it again.',
    unreadable: 'It was not a form we can read. Open the page again and send it from there.',
  },
  refusedLink: 'Go to the login page',
};

export interface SupportLoginProps {
  /** Kept after a failed attempt so only the password needs typing again. */
  email?: string;
  /** After a failed attempt: one message for every cause, so the page never says whether an email has an account. */
  failed?: boolean;
  /** Minutes to wait after too many wrong tries (from this address, for this email). */
  waitMinutes?: number;
  /** Too many logins at once on this server. */
  busy?: boolean;
  nonce?: string;
}

export function SupportLoginPage(props: SupportLoginProps) {
  return (
    <Layout title={COPY.title} nonce={props.nonce} css={FORM_CSS}>
      <h1>{COPY.heading}</h1>
      {(props.failed || props.waitMinutes || props.busy) && (
        <p class="error" role="alert">
          {props.waitMinutes ? COPY.waitBeforeTrying(props.waitMinutes) : props.busy ? COPY.busy : COPY.wrongCredentials}
        </p>
      )}
      <form method="post" action="/support/login" class="login">
        <label for="email">{COPY.email}</label>
        <input id="email" name="email" type="email" autocomplete="username" required maxlength={254} value={props.email ?? ''} />
        <label for="password">{COPY.password}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">{COPY.submit}</button>
      </form>
    </Layout>
  );
}

/** Answer to a console form posted from another site (a CSRF attempt, or a stale page behind a proxy). */
export function SupportFormRefusedPage(props: { nonce?: string; reason?: 'refused' | 'too_large' | 'unreadable' }) {
  return (
    <Layout title={COPY.refusedTitle} nonce={props.nonce}>
      <h1>{COPY.refusedHeading}</h1>
      <p>{COPY.refusedBody[props.reason ?? 'refused']}</p>
      <p>
        <a href="/support/login">{COPY.refusedLink}</a>
      </p>
    </Layout>
  );
}

const FORM_CSS = `
  form.login { display: grid; gap: .4rem; max-width: 22rem; }
  form.login input { font: inherit; padding: .5rem; border: 1px solid #b9bfc7; border-radius: 4px; }
  form.login button { font: inherit; margin-top: .8rem; padding: .6rem; border: 0; border-radius: 4px; background: #0b57d0; color: #fff; }
  .error { color: #a50e0e; font-weight: 600; }
`;
