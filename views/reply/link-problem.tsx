import type { Copy } from '../../src/copy/index.ts';
import type { LinkProblem, SendProblem } from '../../src/copy/types.ts';
import { Layout } from '../layout.tsx';
import { REPLY_CSS } from './request-summary.tsx';

/**
 * A link that cannot be used, or a post that cannot be taken: what happened and what to do, and nothing
 * about the request (THREATS 2).
 */
export function LinkProblemPage(props: { problem: LinkProblem | SendProblem; copy: Copy; nonce?: string }) {
  const form = props.copy.form;
  const link = Object.hasOwn(form.linkProblems, props.problem);
  const text = link ? form.linkProblems[props.problem as LinkProblem] : form.sendProblems[props.problem as SendProblem];
  return <ProblemPage text={text} nextStep={link ? form.linkProblemNextStep : undefined} lang={props.copy.lang} nonce={props.nonce} />;
}

/** The page of any link or post we cannot take: what happened, and what to do next. */
export function ProblemPage(props: { text: { status: string; body: string }; nextStep?: string; lang: string; nonce?: string }) {
  return (
    <Layout title={props.text.status} lang={props.lang} nonce={props.nonce} css={REPLY_CSS}>
      <h1>{props.text.status}</h1>
      <p>{props.text.body}</p>
      {props.nextStep && <p>{props.nextStep}</p>}
    </Layout>
  );
}
