/**
 * The suite's ledger of what it made lives under this folder of the pages branch: one small file
 * per item, so concurrent runs never rewrite each other's entries. Losing the branch loses the
 * ledger, and with it every proof: the items are then orphaned (reported, never removed).
 */
export const LEDGER_DIR = 'state/ledger/';
