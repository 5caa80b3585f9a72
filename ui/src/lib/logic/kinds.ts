// The fourteen kinds of incident, in the order the app offers them (as EntryKind::ALL in
// crates/core/src/model/kind.rs), with the plain words people see.
import type { CallDirection, EntryKind, IdentifierKind } from '../ipc/types';

export interface KindInfo {
  kind: EntryKind;
  label: string;
  /** A few words under the label on the quick-log tile. */
  hint: string;
}

export const KINDS: readonly KindInfo[] = [
  { kind: 'call', label: 'Call', hint: 'Answered, missed or blocked' },
  { kind: 'text_message', label: 'Text message', hint: 'SMS, WhatsApp, chat' },
  { kind: 'email', label: 'Email', hint: 'A message by email' },
  { kind: 'social_media', label: 'Social media / online', hint: 'Posts, comments, profiles' },
  { kind: 'voicemail', label: 'Voicemail', hint: 'A message left for you' },
  { kind: 'letter_gift_delivery', label: 'Letter, gift or delivery', hint: 'Something sent or left' },
  { kind: 'sighting', label: 'Sighting', hint: 'You saw them' },
  { kind: 'following', label: 'Following or loitering', hint: 'Followed, waiting nearby' },
  { kind: 'approach_visit', label: 'Approach or visit', hint: 'Came up to you, came to the door' },
  { kind: 'property_damage', label: 'Property damage', hint: 'Something damaged' },
  { kind: 'threat', label: 'Threat', hint: 'Any threat, however made' },
  { kind: 'third_party_contact', label: 'Contact through others', hint: 'Through friends, family, work' },
  { kind: 'report', label: 'Report to police or others', hint: 'You reported it' },
  { kind: 'other', label: 'Other', hint: 'Anything else' },
];

export const KIND_ORDER: readonly EntryKind[] = KINDS.map((k) => k.kind);

export function kindLabel(kind: string): string {
  return KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export function isEntryKind(value: string): value is EntryKind {
  return KIND_ORDER.includes(value as EntryKind);
}

export const DIRECTIONS: readonly { value: CallDirection; label: string }[] = [
  { value: 'incoming', label: 'Incoming (answered)' },
  { value: 'missed', label: 'Missed' },
  { value: 'rejected', label: 'Rejected (I declined it)' },
  { value: 'blocked', label: 'Blocked by my phone' },
  { value: 'outgoing', label: 'Outgoing (I called them)' },
];

export function directionLabel(direction: string): string {
  return DIRECTIONS.find((d) => d.value === direction)?.label ?? direction;
}

export const IDENTIFIER_KINDS: readonly { value: IdentifierKind; label: string }[] = [
  { value: 'phone', label: 'Phone number' },
  { value: 'email', label: 'Email address' },
  { value: 'handle', label: 'Social media or chat name' },
  { value: 'url', label: 'Web address' },
  { value: 'vehicle', label: 'Vehicle' },
  { value: 'other', label: 'Other' },
];

export function identifierKindLabel(kind: string): string {
  return IDENTIFIER_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

/** Suggestions for the channel box; anything may be typed. */
export const CHANNELS: readonly string[] = [
  'SMS',
  'WhatsApp',
  'iMessage',
  'Signal',
  'Telegram',
  'Messenger',
  'Instagram',
  'Facebook',
  'Snapchat',
  'TikTok',
  'X (Twitter)',
  'LinkedIn',
  'Email',
  'Phone',
  'Post',
  'In person',
];
