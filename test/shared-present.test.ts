// CI must have the three real runbooks beside the clone: without them the acceptance tests
// would prove nothing, so their absence fails the run here, in one readable line.
import { describe, expect, it } from 'vitest';
import { HAS_SHARED, SHARED_RUNBOOKS, skipShared } from './helpers/shared.js';

describe('the shared runbooks', () => {
  it.skipIf(skipShared())('are beside the repository (../shared/runbooks)', () => {
    expect(HAS_SHARED, `${SHARED_RUNBOOKS} is missing: put the shared runbooks beside the clone (../shared/runbooks)`).toBe(true);
  });
});
