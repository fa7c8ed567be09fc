import { describe, expect, it } from 'vitest';
import { effectiveType, previewKind } from './open-preview';

describe('which viewer a file gets', () => {
  it.each([
    ['image/png', 'image'],
    ['image/jpeg', 'image'],
    // An SVG is a document that can hold script: shown only as a picture drawn from it.
    ['image/svg+xml', 'svg'],
    ['application/pdf', 'pdf'],
    ['text/plain', 'text'],
    ['text/csv', 'text'],
    ['application/json', 'text'],
    ['application/ld+json', 'text'],
    ['audio/wav', 'audio'],
    ['audio/mpeg', 'audio'],
    ['video/webm', 'video'],
    ['video/mp4', 'video'],
    ['image/tiff', 'none'],
    ['application/zip', 'none'],
    ['application/octet-stream', 'none'],
    // Markup is shown as text, never parsed.
    ['text/html', 'text'],
    ['application/xhtml+xml', 'text'],
    ['application/xml', 'text'],
    ['text/xml', 'text'],
    ['image/foo+xml', 'text'],
    // Media only of exact, inert types: a browser parses any …+xml type as XML, script and all.
    ['video/<script>', 'none'],
    ['video/x+xml', 'text'],
    ['audio/x-anything', 'none'],
    ['image/x-unknown', 'none'],
    ['', 'none'],
  ])('%s: %s', (type, kind) => {
    expect(previewKind(type)).toBe(kind);
  });

  it('takes the type from the metadata, without parameters, in lower case', () => {
    expect(effectiveType({ type: 'Text/Plain; charset=utf-8', name: 'a.bin' })).toBe('text/plain');
  });

  it('falls back to the extension only when the metadata has no specific type', () => {
    expect(effectiveType({ type: '', name: 'notes/README.md' })).toBe('text/markdown');
    expect(effectiveType({ type: 'application/octet-stream', name: 'clip.WEBM' })).toBe('video/webm');
    expect(effectiveType({ type: 'application/octet-stream', name: 'archive.tar' })).toBe('application/octet-stream');
    expect(effectiveType({ type: 'image/png', name: 'photo.pdf' })).toBe('image/png');
  });

  it('gives markup chosen by its extension a text view, and an SVG the picture view', () => {
    for (const [name, kind] of [['page.html', 'text'], ['page.HTM', 'text'], ['page.xhtml', 'text'], ['feed.xml', 'text'], ['logo.svg', 'svg']]) {
      expect(previewKind(effectiveType({ type: '', name: name ?? '' })), name).toBe(kind);
    }
  });
});
