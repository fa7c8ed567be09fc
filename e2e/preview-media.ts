import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/** Test media for previews, made here rather than committed: a PNG, a PDF, a WAV tone and (with ffmpeg) a WebM video. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

/** An RGB PNG of `width` x `height` with a colour gradient. */
export function pngImage(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.alloc(height * (1 + 3 * width));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + 3 * width);
    for (let x = 0; x < width; x++) rows.set([(x * 255) / width, (y * 255) / height, 128], row + 1 + 3 * x);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows)), pngChunk('IEND', Buffer.alloc(0))]);
}

/**
 * A one-page PDF that shows `text` (ASCII). `hostile`: JavaScript the document runs when opened (an OpenAction) and a
 * link over the whole page, as a hostile PDF would carry (the link ASCII, without parentheses or backslashes).
 */
export function pdfDocument(text: string, hostile?: { script: string; link: string }): Buffer {
  const content = `BT /F1 18 Tf 20 70 Td (${text}) Tj ET`;
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R${hostile ? ' /OpenAction 6 0 R' : ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>${hostile ? ' /Annots [7 0 R]' : ''} >>`,
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  if (hostile) {
    objects.push(`<< /Type /Action /S /JavaScript /JS <${Buffer.from(hostile.script, 'latin1').toString('hex')}> >>`);
    objects.push(`<< /Type /Annot /Subtype /Link /Rect [0 0 300 144] /Border [0 0 0] /A << /S /URI /URI (${hostile.link}) >> >>`);
  }
  let out = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A mono 16-bit WAV of a 440 Hz tone. */
export function wavTone(seconds: number, rate = 22_050): Buffer {
  const samples = Math.round(seconds * rate);
  const out = Buffer.alloc(44 + 2 * samples);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + 2 * samples, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(2 * rate, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(2 * samples, 40);
  for (let i = 0; i < samples; i++) out.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + 2 * i);
  return out;
}

/**
 * A WebM (VP8 + Opus, which Debian's Chromium plays) of about `loops` x 5 MB and `loops` x 10 s: a 10 s clip of noisy
 * test pattern at a constant 4 Mbit/s, encoded once by ffmpeg and repeated by stream copy. Cached in the temp folder.
 */
export function webmVideo(loops: number): string {
  const dir = join(tmpdir(), 'coffer-e2e-media');
  const path = join(dir, `video-${loops}x10s.webm`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const clip = join(dir, `clip-${process.pid}.webm`);
  const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'pipe' });
  try {
    ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '10'],
      ...['-vf', 'noise=alls=60:allf=t', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8'],
      ...['-b:v', '4M', '-minrate', '4M', '-maxrate', '4M', '-bufsize', '1M', '-g', '50', '-c:a', 'libopus', '-b:a', '64k', clip],
    ]);
    const partial = `${path}.${process.pid}.webm`;
    ffmpeg(['-stream_loop', String(loops - 1), '-i', clip, '-c', 'copy', partial]);
    renameSync(partial, path);
  } catch (error) {
    const enoent = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new Error(enoent ? 'ffmpeg is needed to make the test video: apt-get install ffmpeg (.ci/run installs it)' : String(error));
  } finally {
    rmSync(clip, { force: true });
  }
  return path;
}
