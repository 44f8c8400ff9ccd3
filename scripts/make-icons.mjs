// Writes the console's PNG icons into public/icons: `node scripts/make-icons.mjs`.
// ImageMagick is not available on every machine here, so the icon is drawn in plain Node (shapes as
// distance functions, 4×4 supersampling) and encoded as PNG with zlib. public/icons/icon.svg is the
// same drawing as a vector (keep the two in step).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

const NAVY = [0x0f, 0x17, 0x2a];
const SKY = [0x38, 0xbd, 0xf8];
const AMBER = [0xf5, 0x9e, 0x0b];

// The drawing on a 512-unit canvas: a globe (ring, meridian, equator) and a dot where the meridian meets it.
function shapes(scale) {
  const c = 256;
  const s = (v) => c + (v - c) * scale; // glyph scaled around the centre (maskable icons keep a safe zone)
  const stroke = 13 * scale;
  return [
    { color: SKY, inside: (x, y) => Math.abs(Math.hypot(x - c, y - c) - 150 * scale) <= stroke },
    { color: SKY, inside: (x, y) => Math.abs(ellipseDistance(x - c, y - c, 62 * scale, 150 * scale)) <= stroke },
    { color: SKY, inside: (x, y) => segmentDistance(x, y, s(112), c, s(400), c) <= stroke },
    { color: AMBER, inside: (x, y) => Math.hypot(x - c, y - s(106)) <= 26 * scale },
  ];
}

function ellipseDistance(x, y, a, b) {
  // First-order distance to the ellipse x²/a² + y²/b² = 1: f / |∇f|.
  const r = Math.hypot(x / a, y / b);
  if (r === 0) return -Math.min(a, b);
  const grad = Math.hypot(x / (a * a), y / (b * b)) / r;
  return (r - 1) / grad;
}

function segmentDistance(x, y, x1, y1, x2, y2) {
  const t = Math.max(0, Math.min(1, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2)));
  return Math.hypot(x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1)));
}

function insideRoundedSquare(x, y, radius) {
  const dx = Math.max(radius - x, 0, x - (512 - radius));
  const dy = Math.max(radius - y, 0, y - (512 - radius));
  return dx * dx + dy * dy <= radius * radius;
}

function render(size, { radius, scale }) {
  const glyph = shapes(scale);
  const px = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let pxX = 0; pxX < size; pxX++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = ((pxX + (sx + 0.5) / n) * 512) / size;
          const y = ((py + (sy + 0.5) / n) * 512) / size;
          if (!insideRoundedSquare(x, y, radius)) continue;
          const color = glyph.findLast((shape) => shape.inside(x, y))?.color ?? NAVY;
          r += color[0]; g += color[1]; b += color[2]; a += 255;
        }
      }
      const i = (py * size + pxX) * 4;
      const covered = a / 255;
      px[i] = covered ? Math.round(r / covered) : 0;
      px[i + 1] = covered ? Math.round(g / covered) : 0;
      px[i + 2] = covered ? Math.round(b / covered) : 0;
      px[i + 3] = Math.round(a / (n * n));
    }
  }
  return encodePng(size, px);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter 0 per row
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const out = path.join(import.meta.dirname, "..", "public", "icons");
mkdirSync(out, { recursive: true });
const icons = {
  "icon-192.png": render(192, { radius: 96, scale: 1 }),
  "icon-512.png": render(512, { radius: 96, scale: 1 }),
  // Maskable: full-bleed background, glyph inside the central 80 % that every mask keeps.
  "icon-maskable-512.png": render(512, { radius: 0, scale: 0.8 }),
  // iOS draws its own corners and wants no transparency.
  "apple-touch-icon.png": render(180, { radius: 0, scale: 1 }),
};
for (const [name, png] of Object.entries(icons)) {
  writeFileSync(path.join(out, name), png);
  console.log(`public/icons/${name}: ${png.length} bytes`);
}
