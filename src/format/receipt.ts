/** Receipt codes of files sent to a file request (SPEC section 12): what the guest keeps and the owner sees. */
import { headerCommitment } from './names';

/**
 * The receipt code of a file: the first 16 bytes of its header's MAC (section 11's commitment) as eight groups of
 * four lower-case hex digits joined by "-". `header`: at least the whole header. It does not authenticate anything:
 * a reader shows it only for a header that authenticated (section 5, rules 1-3). Why the MAC: it covers every other
 * header byte under a key only the file key gives, so it names one header, and with it one file key and payload; a
 * code shown by the owner therefore stands for exactly the file the guest sealed, whatever the storage calls it.
 */
export function receiptCode(header: Uint8Array): string {
  const hex = Array.from(headerCommitment(header), (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)?.join('-') ?? '';
}
