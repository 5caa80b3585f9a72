// What Case details changed, as the changes core applies to the case as it stands
// (change_case), instead of the whole case as this screen saw it: an import or the CLI may have
// added a number to a person while the screen was open, and saving must not take it away.
import type { CaseChange, CaseDetails, Identifier, Person } from '../ipc/types';

const same = (a: Identifier, b: Identifier) => a.kind === b.kind && a.value === b.value;

/** The identifiers in `from` that are not matched one for one in `to` (repeats counted). */
function missing(from: Identifier[], to: Identifier[]): Identifier[] {
  const left = [...to];
  const out: Identifier[] = [];
  for (const i of from) {
    const at = left.findIndex((j) => same(i, j));
    if (at === -1) out.push(i);
    else left.splice(at, 1);
  }
  return out;
}

const text = (t: string | null | undefined) => (t ?? '').trim();

/**
 * The changes from `before` (the case when the screen loaded or last saved) to `after` (the
 * form). A person in `after` whose id is not in `before` is new: core numbers them.
 */
export function caseChanges(before: CaseDetails, after: CaseDetails): CaseChange[] {
  const changes: CaseChange[] = [];
  if (text(before.victim_initials) !== text(after.victim_initials))
    changes.push({ change: 'set_initials', initials: after.victim_initials });
  if (text(before.order_terms) !== text(after.order_terms))
    changes.push({ change: 'set_order_terms', terms: after.order_terms ?? null });
  const old = new Map<number, Person>(before.persons.map((p) => [p.id, p]));
  const kept = new Set(after.persons.map((p) => p.id));
  for (const p of before.persons) if (!kept.has(p.id)) changes.push({ change: 'remove_person', person_id: p.id });
  for (const p of after.persons) {
    const was = old.get(p.id);
    if (!was) {
      changes.push({
        change: 'add_person',
        name: p.name,
        relationship: p.relationship ?? null,
        description: p.description ?? null,
        identifiers: p.identifiers,
      });
      continue;
    }
    if (
      text(was.name) !== text(p.name) ||
      text(was.relationship) !== text(p.relationship) ||
      text(was.description) !== text(p.description)
    ) {
      changes.push({
        change: 'edit_person',
        person_id: p.id,
        name: p.name,
        relationship: p.relationship ?? null,
        description: p.description ?? null,
      });
    }
    for (const identifier of missing(was.identifiers, p.identifiers))
      changes.push({ change: 'remove_identifier', person_id: p.id, identifier });
    for (const identifier of missing(p.identifiers, was.identifiers))
      changes.push({ change: 'add_identifier', person_id: p.id, identifier });
  }
  return changes;
}
