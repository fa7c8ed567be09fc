/** Bench worker: File/Blob.stream() -> encryptor.stream(), drained, timed. */
import { createEncryptor } from '../../src/format';
import type { Job, JobResult } from './protocol';

async function encrypt(blob: Blob): Promise<JobResult> {
  const recipient = crypto.getRandomValues(new Uint8Array(32));
  const metadata = { name: 'bench.bin', type: 'application/octet-stream', size: blob.size, modified: 0 };
  const encryptor = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey: recipient }] });
  const start = performance.now();
  const reader = blob.stream().pipeThrough(encryptor.stream()).getReader();
  let ciphertext = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    ciphertext += value.length;
  }
  return { plaintext: blob.size, ciphertext, ms: performance.now() - start };
}

addEventListener('message', (event: MessageEvent<Job>) => {
  void encrypt(event.data.blob).then((result) => postMessage(result));
});
