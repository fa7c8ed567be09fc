/**
 * Regenerates every test vector in this folder, byte for byte: `npm run format:vectors`.
 * All randomness comes from SHA-256(vector name || counter), so the output only changes when the format does.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import './gen-payload';
import './gen-header';
import './gen-recipients';
import { vectors } from './gen-kit';
import { encodeVector } from './vector-file';

const here = dirname(fileURLToPath(import.meta.url));
const isVector = (name: string): boolean => /^[a-z0-9]+_[a-z0-9_]+$/.test(name);

for (const name of readdirSync(here).filter(isVector)) rmSync(join(here, name));
for (const [name, [comment, make]] of Object.entries(vectors)) {
  writeFileSync(join(here, name), encodeVector({ ...(await make()), comment }));
}
console.log(`wrote ${Object.keys(vectors).length} vectors to ${here}`);
