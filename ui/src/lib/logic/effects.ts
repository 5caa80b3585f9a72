// The kinds of change to the person's life, in the order the app offers them (as
// EffectKind::ALL in crates/core/src/effect/mod.rs), with the words people see (its `label`).
import type { Effect, EffectKind } from '../ipc/types';

export const EFFECT_KINDS: readonly { kind: EffectKind; label: string; hint: string }[] = [
  { kind: 'moved_home', label: 'Moved home or stayed elsewhere', hint: 'Moved, stayed with family or friends' },
  { kind: 'changed_routine', label: 'Changed routes or times', hint: 'Another way to work, other times' },
  { kind: 'time_off_work', label: 'Time off work or study', hint: 'Sick leave, changed job or hours' },
  { kind: 'stopped_going_out', label: 'Stopped going out or going to places', hint: 'The gym, friends, shops' },
  { kind: 'security', label: 'Cameras, alarms, locks or new numbers', hint: 'Doorbell camera, new phone number' },
  { kind: 'health_support', label: 'Medical or counselling help', hint: 'GP, counselling, medication' },
  { kind: 'children', label: "Children's routines", hint: 'School run, clubs, who collects them' },
  { kind: 'other', label: 'Other change', hint: 'Anything else' },
];

export function effectLabel(kind: EffectKind): string {
  return EFFECT_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** The changes in force, in the order they began (then by number), and the withdrawn ones. */
export function timeline(effects: readonly Effect[]): { current: Effect[]; withdrawn: Effect[] } {
  const byStart = (a: Effect, b: Effect) =>
    a.details.from < b.details.from ? -1 : a.details.from > b.details.from ? 1 : a.id - b.id;
  return {
    current: effects.filter((e) => !e.withdrawn).sort(byStart),
    withdrawn: effects.filter((e) => e.withdrawn).sort(byStart),
  };
}
