import { encodePng, type RgbaImage } from './png';

/**
 * The iX mark, drawn from shapes on a 192-unit square so that both icons come from one drawing:
 * an "i" (dot and stem) and an "X" (two strokes).
 */
type Shape = (x: number, y: number) => boolean;

const distanceToSegment = (x: number, y: number, ax: number, ay: number, bx: number, by: number) => {
  const dx = bx - ax;
  const dy = by - ay;
  const along = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + along * dx), y - (ay + along * dy));
};

const mark: Shape[] = [
  (x, y) => Math.hypot(x - 58, y - 56) <= 13, // dot of the i
  (x, y) => x >= 46 && x <= 70 && y >= 80 && y <= 140, // stem of the i
  (x, y) => distanceToSegment(x, y, 94, 56, 146, 140) <= 12,
  (x, y) => distanceToSegment(x, y, 146, 56, 94, 140) <= 12,
];

const inMark = (x: number, y: number) => mark.some((shape) => shape(x, y));

/** Share of a pixel covered by the mark, sampled 4×4 so small sizes keep smooth edges. */
function coverage(px: number, py: number, scale: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy += 1) {
    for (let sx = 0; sx < 4; sx += 1) {
      if (inMark((px + (sx + 0.5) / 4) * scale, (py + (sy + 0.5) / 4) * scale)) hits += 1;
    }
  }
  return hits / 16;
}

function draw(size: number, paint: (cover: number) => [number, number, number, number]): RgbaImage {
  const pixels = new Uint8Array(size * size * 4);
  const scale = 192 / size;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      pixels.set(paint(coverage(x, y, scale)), (y * size + x) * 4);
    }
  }
  return { width: size, height: size, pixels };
}

/** Drawing takes a moment and the result never changes. */
const drawn: { colour?: Buffer; outline?: Buffer } = {};

/** 192×192 full-colour icon: the white mark on the network's blue (the manifest's accentColor). */
export function colourIcon(): Buffer {
  return (drawn.colour ??= drawColourIcon());
}

/** 32×32 outline icon: white on transparent, as Teams requires. */
export function outlineIcon(): Buffer {
  return (drawn.outline ??= encodePng(draw(32, (cover) => [255, 255, 255, Math.round(255 * cover)])));
}

function drawColourIcon(): Buffer {
  const blue = [0x1f, 0x4e, 0x9a];
  return encodePng(
    draw(192, (cover) => [
      Math.round(blue[0] + (255 - blue[0]) * cover),
      Math.round(blue[1] + (255 - blue[1]) * cover),
      Math.round(blue[2] + (255 - blue[2]) * cover),
      255,
    ]),
  );
}
