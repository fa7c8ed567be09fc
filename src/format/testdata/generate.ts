/**
 * The deterministic vector generator. `npm run format:vectors` writes its output to this folder (through
 * vectors.test.ts, which also checks the files on disk equal this output byte for byte).
 * All randomness comes from SHA-256(vector name || counter), so the output only changes when the format does.
 */
import './gen-payload';
import './gen-header';
import './gen-recipients';
import './gen-settings';
import './gen-names';
import './gen-keypair';
import './gen-passkeys';
import { vectors } from './gen-kit';
import { encodeVector } from './vector-file';

/** Every vector, by file name, as the bytes of its file. */
export async function generateVectors(): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const [name, [comment, make]] of Object.entries(vectors)) out.set(name, encodeVector({ ...(await make()), comment }));
  return out;
}
