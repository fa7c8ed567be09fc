import { afterEach, describe, expect, it } from 'vitest';
import { AUDIO_TYPES, inertObjectUrl, isInertType, RASTER_IMAGE_TYPES, VIDEO_TYPES } from './inert-url';

const made: string[] = [];
afterEach(() => made.splice(0).forEach((url) => URL.revokeObjectURL(url)));

describe('which decrypted types may get a blob: URL', () => {
  it.each(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'audio/mpeg', 'audio/wav', 'video/webm', 'video/mp4'])(
    '%s: an inert document',
    (type) => {
      expect(isInertType(type)).toBe(true);
    },
  );

  it.each([
    'image/svg+xml',
    'text/html',
    'application/xhtml+xml',
    'application/xml',
    'text/xml',
    'application/pdf',
    'text/plain',
    'application/octet-stream',
    '',
    // Any …+xml type is parsed as XML, whatever comes before the slash.
    'video/x+xml',
    'audio/x+xml',
    'image/x+xml',
    // Parameters and case are not normalised here: the caller passes the exact type.
    'IMAGE/PNG',
    'image/png; charset=utf-8',
    'image/png ',
  ])('%j: never', (type) => {
    expect(isInertType(type)).toBe(false);
    expect(() => inertObjectUrl([new Uint8Array([1, 2, 3])], type)).toThrow(/could run script when opened/);
  });

  it('lists no type that a browser could parse as a document with script', () => {
    for (const type of [...RASTER_IMAGE_TYPES, ...AUDIO_TYPES, ...VIDEO_TYPES]) {
      expect(type).toMatch(/^(image|audio|video)\/[a-z0-9.-]+$/);
      expect(type).not.toMatch(/svg|xml|html|pdf|json/);
    }
  });

  it('types the blob with exactly the type asked for', async () => {
    const url = inertObjectUrl([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'image/png');
    made.push(url);
    expect(url).toMatch(/^blob:/);
    const blob = await (await fetch(url)).blob();
    expect(blob.type).toBe('image/png');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});
