// Recognising blocks that change a container app, judging the result, and the simulated
// app of --simulate changing as the runbook's commands would change it.
import { describe, expect, it } from 'vitest';
import { recogniseAppChanges } from '../../src/azure/app-change.js';
import { verifyAfter, watchBefore } from '../../src/azure/app-watch.js';
import { SimulatedContainerApps } from '../../src/azure/simulated-apps.js';

const CANARY = `
ENVIRONMENT="prod"
APP_NAME="shop-\${ENVIRONMENT}-ca"
RG_NAME="shop-\${ENVIRONMENT}-rg"
REVISION_SUFFIX="canary-$(date +%Y%m%d)"
CURRENT_REVISION=$(az containerapp revision list --name $APP_NAME --resource-group $RG_NAME --query "[0].name" -o tsv)

# Create canary revision
az containerapp revision copy \\
  --name $APP_NAME \\
  --resource-group $RG_NAME \\
  --image registry.example/shop:\${IMAGE_TAG} \\
  --revision-suffix $REVISION_SUFFIX

az containerapp ingress traffic set \\
  --name $APP_NAME \\
  --resource-group $RG_NAME \\
  --revision-weight \${CURRENT_REVISION}=95 \${APP_NAME}--\${REVISION_SUFFIX}=5
echo "done" && az containerapp revision deactivate --revision shop-prod-ca--old -g shop-prod-rg
`;

describe('recognising container-app changes', () => {
  it('finds copy, traffic set and deactivate with their arguments, filling what is known before the block runs', () => {
    const changes = recogniseAppChanges(CANARY, new Map([['IMAGE_TAG', '2.1.0']]));
    expect(changes.map((c) => [c.kind, c.app, c.resourceGroup])).toEqual([
      ['copy', 'shop-prod-ca', 'shop-prod-rg'],
      ['traffic', 'shop-prod-ca', 'shop-prod-rg'],
      ['deactivate', 'shop-prod-ca', 'shop-prod-rg'],
    ]);
    expect(changes[0]?.image).toBe('registry.example/shop:2.1.0');
    expect(changes[1]?.weights?.map((w) => [w.raw, w.weight, w.resolved])).toEqual([
      ['${CURRENT_REVISION}=95', 95, false],
      ['${APP_NAME}--${REVISION_SUFFIX}=5', 5, false],
    ]);
    expect(changes[2]?.revision).toBe('shop-prod-ca--old');
  });

  it('ignores reads, comments and other az commands', () => {
    const text = '# az containerapp update --name x -g y\naz containerapp show -n web -g rg\naz containerapp revision list -n web -g rg\naz webapp update -n x -g y';
    expect(recogniseAppChanges(text, new Map())).toEqual([]);
  });

  it('reads --flag=value, short flags, latest= and parameters from the session', () => {
    const [c] = recogniseAppChanges('az containerapp ingress traffic set -n $APP -g=unused --resource-group=rg --revision-weight latest=20 web--v1=80', new Map([['APP', 'web']]));
    expect(c).toMatchObject({ app: 'web', resourceGroup: 'rg', unresolved: [] });
    expect(c?.weights?.map((w) => [w.revision, w.latest, w.weight])).toEqual([
      ['latest', true, 20],
      ['web--v1', false, 80],
    ]);
  });
});

describe('the simulated container app of --simulate', () => {
  const values = new Map([
    ['IMAGE_TAG', '2.1.0'],
    ['AZURE_SUBSCRIPTION_ID', 'sim-sub'],
  ]);

  it('a canary block creates the new revision and shifts 5% to it, verified against what was asked', async () => {
    const apps = new SimulatedContainerApps();
    const watched = await watchBefore(CANARY, { apps, values });
    expect(watched.map((w) => w.error)).toEqual([undefined, undefined, undefined]);
    // the block runs; in a simulation the app changes as the commands would change it
    for (const w of watched) if (w.target) apps.apply(w.target, w.change);
    const results = await verifyAfter(watched, { apps, values });
    expect(results.map((r) => r.kind)).toEqual(['copy', 'traffic', 'deactivate']);
    expect(results[0]?.verdict.result).toBe('pass');
    expect(results[0]?.diff).toEqual(['traffic shop-prod-ca--sim0 100% -> 95%', 'traffic shop-prod-ca--sim1 0% -> 5%', 'latest revision shop-prod-ca--sim0 -> shop-prod-ca--sim1', 'image registry.example/shop-prod-ca:1.0 -> registry.example/shop:2.1.0', 'new revision shop-prod-ca--sim1 (Healthy, Provisioned, 1 replica, registry.example/shop:2.1.0)']);
    expect(results[1]?.diff.slice(0, 2)).toEqual(['traffic shop-prod-ca--sim0 100% -> 95%', 'traffic shop-prod-ca--sim1 0% -> 5%']);
    expect(results[1]?.verdict.checks.map((c) => c.text)).toContain('${CURRENT_REVISION}=95 ${APP_NAME}--${REVISION_SUFFIX}=5: the other revisions have 5/95% (asked 5/95%)');
    expect(results[1]?.verdict.result).toBe('pass');
    // the old revision named in the runbook does not exist in the simulation: not found, so unverified
    expect(results[2]?.verdict.result).toBe('unverified');
  });

  it('a block naming no subscription cannot be watched, and says why', async () => {
    const [w] = await watchBefore('az containerapp update -n web -g rg --image x:1', { apps: new SimulatedContainerApps(), values: new Map(), env: {} });
    expect(w?.error).toBe('cannot watch it: no subscription (pass --subscription, or set AZURE_SUBSCRIPTION_ID)');
  });
});
