// Generates a runbook of a given size for the parser benchmarks, written the way real
// runbooks are: numbered step headings, nested checklists, shell blocks with Expected
// comments, thresholds, evidence lines, sign-off tables, If-branches, an ASCII decision
// tree, placeholders in every spelling and a checklist inside a yaml block.

function chunk(i: number): string {
  const tree =
    i % 10 === 0
      ? `
#### Rollback Decision Tree ${i}

\`\`\`
Deployment ${i} complete
    │
    ▼
├─> Error rate > 5%? ──Yes──> ROLLBACK IMMEDIATELY (see Rollback Steps)
│        No
│        ▼
├─> P95 latency > 5000ms? ──Yes──> ROLLBACK
│        No
│        ▼
└─> Health checks failing? ──Yes──> INVESTIGATE, then decide
\`\`\`
`
      : '';
  return `
## Phase ${i}: Deploy service-${i}

### Step ${i}.1: Verify prerequisites for service-${i}

- [ ] Confirm change ticket CHG-${1000 + i} is approved
- [ ] Check cluster capacity for {env}
  - [ ] All nodes report Ready
  - [x] Quota verified with the platform team

\`\`\`bash
az containerapp show --name \${APP_NAME}-${i} --resource-group $RESOURCE_GROUP \\
  --query properties.provisioningState -o tsv
# Expected: Succeeded
\`\`\`

**Expected Result**: the provisioning state is Succeeded.
**Evidence**: screenshot of the portal overview for service-${i}

### Step ${i}.2: Shift traffic to the new revision

> **WARNING**: this sends 100% of traffic to revision <REVISION_NAME>.

\`\`\`bash
for r in 10 50 100; do
  az containerapp ingress traffic set -n \${APP_NAME}-${i} -g $RESOURCE_GROUP --revision-weight latest=$r
done
curl -s -o /dev/null -w "%{http_code}" https://<app-fqdn>/health
# Expected: 200
\`\`\`

Monitor for 10 minutes. Abort if error rate > 1% or P95 latency > 2000ms.

- Error rate < 1%
- P95 latency < 2000ms
- Availability >= 99.9%

If validation fails:
- Roll back to the previous revision (see Rollback Steps)

If validation passes:
- Continue with phase ${i + 1}

\`\`\`yaml
service: service-${i}
replicas: 3
- [ ] config reviewed by a second engineer
\`\`\`
${tree}
| Role | Name | Signature | Date |
|------|------|-----------|------|
| Technical Lead | | | |
| Operations Manager | | | |
`;
}

const HEADER = `# Generated production runbook

Parameters: \`APP_NAME\`, \`RESOURCE_GROUP\`, \`DB_PASSWORD\` (secret), \`<REVISION_NAME>\`.

\`\`\`bash
export RESOURCE_GROUP=rg-\${ENVIRONMENT}
az login --service-principal -u $CLIENT_ID -p $CLIENT_SECRET --tenant $TENANT_ID
\`\`\`
`;

const FOOTER = `
## Rollback Steps

1. Shift traffic back: \`az containerapp ingress traffic set --revision-weight <previous>=100\`
2. Deactivate the failed revision.

Approved by: ____________
`;

/** A runbook of at least `bytes` bytes (UTF-8), at most one chunk (~2 KB) over. */
export function generateRunbook(bytes: number): string {
  const parts = [HEADER];
  let size = Buffer.byteLength(HEADER) + Buffer.byteLength(FOOTER);
  for (let i = 1; size < bytes; i++) {
    const c = chunk(i);
    parts.push(c);
    size += Buffer.byteLength(c);
  }
  parts.push(FOOTER);
  return parts.join('');
}
