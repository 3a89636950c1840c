import { base64url } from 'jose';
import type { z } from 'zod';

/**
 * A keyset position handed to a caller as an opaque string: a versioned JSON tuple in base64url, so
 * its form can change later. Decoding checks the shape and answers null for anything we did not issue.
 */
export function opaqueCursor<T>(shape: z.ZodType<T>) {
  return {
    encode: (position: T): string => base64url.encode(JSON.stringify(position)),
    decode(cursor: string): T | null {
      try {
        const parsed = shape.safeParse(JSON.parse(new TextDecoder().decode(base64url.decode(cursor))));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
  };
}
