import type { CDPSession, Page } from '@playwright/test';

/**
 * A virtual authenticator in Chromium (the DevTools protocol's WebAuthn domain): a platform authenticator with user
 * verification (Touch ID, Windows Hello), answering at once. `prf: false` makes one without the PRF extension
 * (hmac-secret). Chromium keeps one such authenticator per page, so each page stands for one device.
 */
export class VirtualAuthenticator {
  private constructor(
    private readonly cdp: CDPSession,
    readonly id: string,
  ) {}

  static async attach(page: Page, opts: { prf?: boolean } = {}): Promise<VirtualAuthenticator> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        hasPrf: opts.prf ?? true,
        automaticPresenceSimulation: true,
      },
    });
    return new VirtualAuthenticator(cdp, authenticatorId);
  }

  /** The ids (base64) of the credentials it holds. */
  async credentialIds(): Promise<string[]> {
    const { credentials } = await this.cdp.send('WebAuthn.getCredentials', { authenticatorId: this.id });
    return credentials.map((c) => c.credentialId);
  }
}
