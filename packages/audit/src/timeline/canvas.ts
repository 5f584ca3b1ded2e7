import { PNG } from "pngjs";
import { ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphOf } from "./font.js";

export type Rgb = readonly [number, number, number];

/** An RGBA raster with the few drawing operations the timeline needs. */
export class Canvas {
  readonly png: PNG;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.png = new PNG({ width, height });
    this.rect(0, 0, width, height, background);
  }

  pixel(x: number, y: number, color: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (this.width * Math.floor(y) + Math.floor(x)) << 2;
    this.png.data[i] = color[0];
    this.png.data[i + 1] = color[1];
    this.png.data[i + 2] = color[2];
    this.png.data[i + 3] = 255;
  }

  /** A filled rectangle, clipped to the canvas. */
  rect(x: number, y: number, w: number, h: number, color: Rgb): void {
    const x0 = Math.max(0, Math.floor(x));
    const x1 = Math.min(this.width, Math.ceil(x + w));
    const y0 = Math.max(0, Math.floor(y));
    const y1 = Math.min(this.height, Math.ceil(y + h));
    for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) this.pixel(xx, yy, color);
  }

  /** Diagonal stripes over a rectangle (every `period` pixels, 2 wide), clipped to the canvas. */
  hatch(x: number, y: number, w: number, h: number, color: Rgb, period = 4): void {
    for (let yy = Math.floor(y); yy < Math.ceil(y + h); yy++)
      for (let xx = Math.floor(x); xx < Math.ceil(x + w); xx++)
        if ((xx + yy) % period < 2) this.pixel(xx, yy, color);
  }

  /** Text in the 5x8 font at `scale`; returns the width drawn. */
  text(x: number, y: number, text: string, color: Rgb, scale = 1): number {
    [...text].forEach((char, n) => {
      const rows = glyphOf(char);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if ((rows[row] ?? 0) & (1 << (GLYPH_WIDTH - 1 - col)))
            this.rect(x + (n * ADVANCE + col) * scale, y + row * scale, scale, scale, color);
        }
      }
    });
    return text.length * ADVANCE * scale;
  }

  /** The PNG file bytes. */
  encode(): Buffer {
    return PNG.sync.write(this.png);
  }
}
