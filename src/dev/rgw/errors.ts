/**
 * A failure while starting the throwaway Ceph cluster. The message is one line that says what to do
 * (e.g. "radosgw is not installed: run scripts/install-ceph.sh"), so the CLI can print it as is.
 */
export class RgwStartError extends Error {
  override readonly name = 'RgwStartError';
}
