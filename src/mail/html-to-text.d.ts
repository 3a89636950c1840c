// The part of html-to-text 10 (the version @react-email/render 2.3.1 converts with) that the compiled
// email templates call; the package ships no types of its own.
declare module 'html-to-text' {
  export interface SelectorDefinition {
    selector: string;
    format?: string;
    options?: Record<string, unknown>;
  }
  export interface HtmlToTextOptions {
    wordwrap?: number | false | null;
    selectors?: SelectorDefinition[];
    [option: string]: unknown;
  }
  export function compile(options?: HtmlToTextOptions): (html: string) => string;
}
