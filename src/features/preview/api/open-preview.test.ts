import { describe, expect, it } from 'vitest';
import { effectiveType, previewKind } from './open-preview';

describe('which viewer a file gets', () => {
  it.each([
    ['image/png', 'image'],
    ['image/svg+xml', 'image'],
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
    ['text/html', 'text'],
    ['video/<script>', 'none'],
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
});
