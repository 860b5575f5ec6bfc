import type { Step } from './model.js';

/** A step with nothing in it yet: the parser fills it in; tests build fixtures from it. */
export function blankStep(base: Pick<Step, 'id' | 'kind' | 'title' | 'line' | 'sectionId'> & Partial<Step>): Step {
  return {
    endLine: base.line,
    body: '',
    items: [],
    checkedInSource: false,
    commands: [],
    expectations: [],
    evidence: [],
    gates: [],
    decisions: [],
    signoffs: [],
    danger: [],
    trail: [],
    path: 'main',
    ...base,
  };
}
