/** Scalar's standalone browser bundle, as a runtime can supply it (Node reads it from node_modules). */
export interface ReferenceBundle {
  /** The script, its content hash (its URL: cached for good) and the same bytes gzipped. */
  load(): Promise<{ hash: string; script: Uint8Array; gzipped: Uint8Array }>;
}
