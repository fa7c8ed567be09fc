import { describe, expect, it } from 'vitest';
import { vaultPathFor } from './move-into-vault';

describe('where a received file goes in the vault', () => {
  it('goes into the chosen folder, with the folders the guest sent it in', () => {
    expect(vaultPathFor('payslip.pdf', '', new Set())).toEqual({ path: 'payslip.pdf', renamed: false });
    expect(vaultPathFor('payslip.pdf', 'Taxes/2030', new Set())).toEqual({ path: 'Taxes/2030/payslip.pdf', renamed: false });
    expect(vaultPathFor('scans//receipt.png', 'Taxes/', new Set())).toEqual({ path: 'Taxes/scans/receipt.png', renamed: false });
  });

  it('keeps a file already there: the received one takes the first free "name (2)"', () => {
    const taken = new Set(['Taxes/payslip.pdf', 'Taxes/payslip (2).pdf', 'payslip.pdf']);
    expect(vaultPathFor('payslip.pdf', 'Taxes', taken)).toEqual({ path: 'Taxes/payslip (3).pdf', renamed: true });
    expect(vaultPathFor('payslip.pdf', 'Other', taken)).toEqual({ path: 'Other/payslip.pdf', renamed: false });
  });

  it('names a file the guest sent without a name', () => {
    expect(vaultPathFor('/', 'Inbox', new Set())).toEqual({ path: 'Inbox/Unnamed file', renamed: false });
  });
});
