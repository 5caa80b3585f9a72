import { describe, expect, it } from 'vitest';

import type { CaseDetails } from '../lib/ipc';
import { caseChanges } from '../lib/logic/caseChanges';

const phone = (value: string) => ({ kind: 'phone' as const, value });
const before: CaseDetails = {
  victim_initials: 'AB',
  order_terms: null,
  default_region: 'IE',
  persons: [
    { id: 1, name: 'Jay Doe', relationship: 'ex-partner', description: null, identifiers: [phone('0871234567'), phone('0879999999')] },
    { id: 2, name: 'Sam', relationship: null, description: null, identifiers: [] },
  ],
};

describe('case details send what changed', () => {
  it('sends nothing when nothing changed (blank and missing text are the same)', () => {
    const after = { ...before, persons: before.persons.map((p) => ({ ...p, description: '' })) };
    expect(caseChanges(before, after)).toEqual([]);
  });

  it('an identifier added, one removed and one edited, as one change each, never the whole case', () => {
    const jay = before.persons[0]!;
    const after: CaseDetails = {
      ...before,
      persons: [
        { ...jay, identifiers: [phone('0871234568'), { kind: 'email', value: 'jay@example.com' }] },
        before.persons[1]!,
      ],
    };
    expect(caseChanges(before, after)).toEqual([
      { change: 'remove_identifier', person_id: 1, identifier: phone('0871234567') },
      { change: 'remove_identifier', person_id: 1, identifier: phone('0879999999') },
      { change: 'add_identifier', person_id: 1, identifier: phone('0871234568') },
      { change: 'add_identifier', person_id: 1, identifier: { kind: 'email', value: 'jay@example.com' } },
    ]);
  });

  it('people edited, removed and added; initials and order terms', () => {
    const after: CaseDetails = {
      victim_initials: 'CD',
      order_terms: 'No contact until 2027',
      default_region: 'IE',
      persons: [
        { ...before.persons[0]!, name: 'Jay Smith' },
        { id: 3, name: 'Unknown man', relationship: null, description: 'blue car', identifiers: [phone('0870000000')] },
      ],
    };
    expect(caseChanges(before, after)).toEqual([
      { change: 'set_initials', initials: 'CD' },
      { change: 'set_order_terms', terms: 'No contact until 2027' },
      { change: 'remove_person', person_id: 2 },
      { change: 'edit_person', person_id: 1, name: 'Jay Smith', relationship: 'ex-partner', description: null },
      {
        change: 'add_person',
        name: 'Unknown man',
        relationship: null,
        description: 'blue car',
        identifiers: [phone('0870000000')],
      },
    ]);
  });
});
