// The words a person's page puts beside each identifier (core decides what is new).
import type { IdentifierSeen } from '../ipc/types';

/** "after a block; not in their case details", or ''. The "New" badge is drawn beside it. */
export function identifierNote(s: IdentifierSeen): string {
  const notes: string[] = [];
  if (s.new_identifier && s.after_block) notes.push('first seen after a block');
  if (!s.listed) notes.push('not in their case details');
  if (s.count === 0) notes.push('no incident from it yet');
  return notes.join('; ');
}
