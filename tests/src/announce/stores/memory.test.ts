// The in-memory store keeps the same contract as the SQLite one (it has a single handle, so the race and
// takeover checks run on one store).
import { MemoryAnnouncementStore } from '../../../../src/announce/index.js';
import { storeContract } from '../../../support/contracts/store-contract.js';

storeContract('memory', () => {
  const store = new MemoryAnnouncementStore();
  return { store, close: () => store.close() };
});
