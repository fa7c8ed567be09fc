import { describe, expect, it } from 'vitest';
import { pathOf, sectionOf } from './router';

describe('sections and paths', () => {
  it('maps each section to its path and back, trailing slash or not', () => {
    for (const section of ['files', 'shares', 'requests', 'settings'] as const) expect(sectionOf(pathOf(section))).toBe(section);
    expect(sectionOf('/settings/')).toBe('settings');
    expect(pathOf('requests')).toBe('/requests');
  });

  it('shows the files for the root and any unknown path', () => {
    expect(sectionOf('/')).toBe('files');
    expect(sectionOf('')).toBe('files');
    expect(sectionOf('/files/Photos')).toBe('files');
    expect(sectionOf('/settingsx')).toBe('files');
  });
});
