import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import CancellationRequestEmail from '../../emails/cancellation-request.tsx';
import { copies } from '../../src/copy/index.ts';
import { PLAIN_TEXT_OPTIONS, renderCancellationEmail } from '../../src/mail/cancellation-email.ts';
import { compileEmail } from '../../src/mail/compiled-email.ts';
import { renderWithReactEmail } from '../../src/mail/react-email.ts';
import { caseOf, describeEquality } from './compiled-email.equality.ts';

// The cancellation request, compiled, against react-email: the corpus is in compiled-email.equality.ts.
describeEquality('cancellation request');

describe('a compiled template', () => {
  it('escapes markup in values as React does, so no value becomes a tag', async () => {
    const { html } = await renderCancellationEmail({ ...caseOf(3, 'en'), identifiers: [{ label: 'Name', value: '</td><script>alert(1)</script>' }] });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('serves any template: props it does not know as slots are part of the shape', async () => {
    const template = compileEmail({ component: CancellationRequestEmail, slots: ['providerName', 'identifiers.*.label'], htmlToTextOptions: PLAIN_TEXT_OPTIONS });
    for (let seed = 1; seed <= 30; seed++) {
      const input = caseOf(seed, 'en');
      const props = { ...input, copy: copies.en.email };
      const slow = await renderWithReactEmail(createElement(CancellationRequestEmail, props), PLAIN_TEXT_OPTIONS);
      expect(await template.render(props)).toEqual(slow);
    }
  }, 60_000);
});
