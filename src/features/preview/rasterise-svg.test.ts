import { describe, expect, it } from 'vitest';
import { MAX_PIXELS, MAX_SIDE, rasterSize } from './rasterise-svg';

describe('the size an SVG is drawn at', () => {
  it('is its own size times the screen pixel ratio', () => {
    expect(rasterSize(120, 80, 1)).toEqual({ width: 120, height: 80 });
    expect(rasterSize(120, 80, 2)).toEqual({ width: 240, height: 160 });
    // A ratio below 1 (zoomed out) still draws every CSS pixel.
    expect(rasterSize(120, 80, 0.5)).toEqual({ width: 120, height: 80 });
  });

  it('keeps within the longest side and the pixel budget, with the aspect ratio', () => {
    const wide = rasterSize(100_000, 50_000, 1);
    expect(wide).toEqual({ width: MAX_SIDE, height: MAX_SIDE / 2 });
    const square = rasterSize(4000, 4000, 2);
    expect(square.width * square.height).toBeLessThanOrEqual(MAX_PIXELS);
    expect(square.width).toBe(square.height);
  });

  it('never draws nothing', () => {
    expect(rasterSize(1_000_000, 1, 1)).toEqual({ width: MAX_SIDE, height: 1 });
  });
});
