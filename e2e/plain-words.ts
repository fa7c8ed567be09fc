import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Words of the people who run Coffer, not of the people who use it: the server's and the storage's own terms, MIME
 * types, HTTP statuses and S3's error codes. The main flow says what happened in plain words; Settings → Connection's
 * help is where an operator's words belong (pass it as `except`).
 */
const JARGON: readonly [string, RegExp][] = [
  ['"endpoint"', /\bendpoints?\b/i],
  ['"bucket"', /\bbuckets?\b/i],
  ['"server state"', /\bserver state\b/i],
  ['"npm"', /\bnpm\b/i],
  ['"MIME"', /\bMIME\b/i],
  ['"S3"', /\bS3\b/],
  ['"pre-signed"', /\bpre-?signed\b/i],
  ['a MIME type', /\b(?:application|text|image|audio|video|font|model|multipart)\/[a-z0-9][\w.+-]*/i],
  ['an HTTP status', /\bHTTP \d{3}\b/],
  ['an S3 error code', /\b(?:NoSuch(?:Key|Bucket|Upload)|AccessDenied|SignatureDoesNotMatch|ExpiredToken|InvalidAccessKeyId|SlowDown|InternalError|RequestTimeTooSkewed|EntityTooSmall|InvalidPart(?:Order)?|PreconditionFailed)\b/],
];

/** The jargon on the page as a person sees it (its rendered text, screen-reader-only text included), outside `except`. */
export async function jargonOn(page: Page, except: Locator[] = []): Promise<string[]> {
  let text = await page.locator('body').innerText();
  for (const region of except) {
    for (const part of await region.allInnerTexts()) text = text.replace(part, '');
  }
  return JARGON.flatMap(([name, pattern]) => {
    const found = pattern.exec(text);
    return found ? [`${name}: …${text.slice(Math.max(0, found.index - 60), found.index + found[0].length + 60)}…`] : [];
  });
}

/** Soft-asserts that `page` speaks plainly (see JARGON); `where` names the screen in the report. */
export async function expectPlainWords(page: Page, where: string, except: Locator[] = []): Promise<void> {
  expect.soft(await jargonOn(page, except), `${where}: words for operators in the main flow`).toEqual([]);
}
