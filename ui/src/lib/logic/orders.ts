// Orders in the app's words: the kinds and preset terms as core offers them (OrderKind::ALL and
// TermPreset::ALL in crates/core/src/order/model.rs, with their `label` and `wording`), and a
// draft order turned into core's input. Core numbers the terms, words the presets and refuses
// what makes no sense; this only gathers what the person ticked and typed.
import type { Order, OrderInput, OrderKind, ServiceStatus, TermInput, TermPreset } from '../ipc/types';

export const ORDER_KINDS: readonly { kind: OrderKind; label: string }[] = [
  { kind: 'interim_spo', label: 'Interim Stalking Protection Order' },
  { kind: 'full_spo', label: 'Stalking Protection Order' },
  { kind: 'non_molestation', label: 'Non-molestation order' },
  { kind: 'restraining', label: 'Restraining order' },
  { kind: 'injunction', label: 'Injunction' },
  { kind: 'bail_conditions', label: 'Bail conditions' },
  { kind: 'other', label: 'Other order' },
];

export const PRESETS: readonly { preset: TermPreset; label: string; details?: string }[] = [
  { preset: 'no_contact', label: 'Not to contact you directly by any means' },
  { preset: 'no_contact_through_others', label: 'Not to contact you through any other person' },
  { preset: 'no_social_media', label: 'Not to refer to you on any social media' },
  { preset: 'exclusion_zone', label: 'Not to enter an exclusion zone', details: 'The zone: its streets or area' },
  { preset: 'no_monitoring', label: 'Not to monitor, watch or follow you' },
  { preset: 'keep_away', label: 'Not to go within a distance of you or a place', details: 'For example “100 metres of 12 Acacia Avenue”' },
];

export function orderKindLabel(kind: OrderKind): string {
  return ORDER_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export interface OrderDraft {
  kind: OrderKind | '';
  court: string;
  madeOn: string;
  servedOn: string;
  expiresOn: string;
  reference: string;
  /** Ticked presets, with their details where they need them. */
  presets: Record<TermPreset, { on: boolean; details: string }>;
  /** Other terms in the order's words, one per line. */
  ownTerms: string;
}

export function emptyOrder(): OrderDraft {
  const presets = Object.fromEntries(PRESETS.map((p) => [p.preset, { on: false, details: '' }])) as OrderDraft['presets'];
  return { kind: '', court: '', madeOn: '', servedOn: '', expiresOn: '', reference: '', presets, ownTerms: '' };
}

/** Core's input, or what to fix first (what core checks itself is left to core). */
export function toOrderInput(d: OrderDraft): { input: OrderInput } | { error: string } {
  if (!d.kind) return { error: 'Choose what kind of order it is.' };
  if (!d.court.trim()) return { error: 'Say which court (or police station, for bail) made it.' };
  if (!d.madeOn) return { error: 'Give the date it was made.' };
  const terms: TermInput[] = [];
  for (const p of PRESETS) {
    const chosen = d.presets[p.preset];
    if (chosen.on) terms.push({ id: null, preset: p.preset, text: chosen.details.trim() || null });
  }
  for (const line of d.ownTerms.split('\n').map((l) => l.trim()).filter(Boolean)) {
    terms.push({ id: null, preset: null, text: line });
  }
  if (terms.length === 0) return { error: 'Tick or type at least one term of the order.' };
  return {
    input: {
      kind: d.kind,
      court: d.court.trim(),
      made_on: d.madeOn,
      served_on: d.servedOn || null,
      expires_on: d.expiresOn || null,
      reference: d.reference.trim() || null,
      terms,
    },
  };
}

/** A variation being written: the order as it will read from `variedOn`. */
export interface VaryDraft {
  variedOn: string;
  reason: string;
  expiresOn: string;
  /** The terms it has now, each kept or not, in the words it will have. */
  terms: { id: number; keep: boolean; text: string; was: string }[];
  /** New terms in the order's words, one per line. */
  newTerms: string;
}

/** The variation form filled in from the order as it reads now. */
export function varyDraft(o: Order): VaryDraft {
  const now = o.versions[o.versions.length - 1]!.details;
  return {
    variedOn: '',
    reason: '',
    expiresOn: now.expires_on ?? '',
    terms: now.terms.map((t) => ({ id: t.id, keep: true, text: t.text, was: t.text })),
    newTerms: '',
  };
}

/** Core's input for a variation, or what to fix first. Kept terms carry their numbers (a
 * reworded one its new words); court, date made and reference stay as they are; core checks
 * the dates against the order's own. */
export function toVaryInput(o: Order, d: VaryDraft): { input: OrderInput } | { error: string } {
  if (!d.variedOn) return { error: 'Give the date the variation took effect.' };
  if (!d.reason.trim()) return { error: 'Say why it was varied, for example “varied at the hearing on 3 March”.' };
  const kept = d.terms.filter((t) => t.keep);
  const blank = kept.find((t) => !t.text.trim());
  if (blank) return { error: `Term ${blank.id} has no words: type them, or untick it to remove the term.` };
  const terms: TermInput[] = kept.map((t) => ({ id: t.id, preset: null, text: t.text.trim() !== t.was ? t.text.trim() : null }));
  for (const line of d.newTerms.split('\n').map((l) => l.trim()).filter(Boolean)) {
    terms.push({ id: null, preset: null, text: line });
  }
  if (terms.length === 0) return { error: 'An order keeps at least one term: keep one, or type the new ones.' };
  const now = o.versions[o.versions.length - 1]!.details;
  return {
    input: {
      kind: now.kind,
      court: now.court,
      made_on: now.made_on,
      served_on: null,
      expires_on: d.expiresOn || null,
      reference: now.reference ?? null,
      terms,
    },
  };
}

/** Each later change to an order, in words, oldest first: variations, then discharge. */
export function orderHistory(o: Order): string[] {
  const lines = o.versions.slice(1).map((v) => `Varied from ${v.from}: ${v.reason ?? ''}`);
  if (o.discharged) lines.push(`Discharged on ${o.discharged.on}: ${o.discharged.reason}`);
  return lines;
}

/** Where an order stands, in words. */
export function orderStanding(o: Order): string {
  if (o.discharged) return `Discharged on ${o.discharged.on}`;
  return o.served ? `Served on ${o.served.on}` : 'Not yet recorded as served';
}

/** A breach's flag about service, in words (empty when after service). */
export function serviceWords(s: ServiceStatus): string {
  switch (s) {
    case 'before_service':
      return 'before the order was served';
    case 'day_of_service':
      return 'on the day the order was served';
    case 'not_served':
      return 'the order is not recorded as served';
    default:
      return '';
  }
}
