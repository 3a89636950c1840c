import type { Copy } from '../../src/copy/index.ts';
import type { LinkProblem } from '../../src/copy/types.ts';
import { Layout } from '../layout.tsx';
import { REPLY_CSS } from './request-summary.tsx';

/** A link that cannot be used: what happened and what to do, and nothing about the request (THREATS 2). */
export function LinkProblemPage(props: { problem: LinkProblem | 'forbidden'; copy: Copy; nonce?: string }) {
  const form = props.copy.form;
  const text =
    props.problem === 'forbidden' ? { status: form.title, body: form.sessionProblem } : form.linkProblems[props.problem];
  return (
    <Layout title={text.status} nonce={props.nonce} css={REPLY_CSS}>
      <h1>{text.status}</h1>
      <p>{text.body}</p>
      {props.problem !== 'forbidden' && <p>{form.linkProblemNextStep}</p>}
    </Layout>
  );
}
