import { REPLY_CSS } from '../reply/request-summary.tsx';

/** The provider's CSV pages: the reply pages' look, and tables that fit a 390 px phone. */
export const CSV_CSS = `${REPLY_CSS}
  .rows { font-size: .9rem; margin: .5rem 0 1.5rem; }
  .rows th, .rows td { padding: .4rem .35rem; }
  .cell { overflow-wrap: anywhere; }
  .problem { color: #b3261e; }
  .actions { display: flex; flex-wrap: wrap; gap: 0 1rem; }
  .actions form { margin: 0; }
  button.secondary { background: #fff; color: #0b57d0; border: 2px solid #0b57d0; }
  .notice { border: 2px solid #b3261e; border-radius: .5rem; background: #fff; padding: .5rem 1rem; }
`;
