import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../src/runbook/parse.js';
import { scanParams } from '../../src/runbook/params.js';

function paramNames(markdown: string): string[] {
  return parseRunbook(markdown, 'fixture.md').params.map((p) => p.name);
}

const fence = (code: string, lang = 'bash'): string => ['```' + lang, code, '```'].join('\n');

describe('variables an earlier block leaves in the shell are not parameters', () => {
  const runbook = [
    '# Deploy',
    '',
    '## Step 1: Record the revision',
    '',
    fence(['CURRENT_REVISION=$(az containerapp revision list \\', '  --name "$APP" \\', '  --query "[0].name" -o tsv)', 'echo "$REGION_TARGET"'].join('\n')),
    '',
    '## Step 2: Shift traffic',
    '',
    fence(['az containerapp ingress traffic set --revision-weight ${CURRENT_REVISION}=100', 'REGION_TARGET=westeurope'].join('\n')),
    '',
  ].join('\n');

  it('drops a variable assigned in an earlier block and keeps one used before any block assigns it', () => {
    const names = paramNames(runbook);
    expect(names).not.toContain('CURRENT_REVISION');
    expect(names).toContain('REGION_TARGET');
    expect(names).toContain('APP');
  });

  it('leaves the produced variable out of the later command’s own parameters', () => {
    const rb = parseRunbook(runbook, 'fixture.md');
    const [first, second] = rb.steps.flatMap((s) => s.commands);
    expect(first?.params).toEqual(expect.arrayContaining(['APP', 'REGION_TARGET']));
    expect(second?.params).toEqual([]);
  });

  it('counts every way bash leaves a variable set: read, mapfile, printf -v, for, export, declare, arrays, assignments after then/&&', () => {
    const code = [
      'read -r -p "Ticket: " TICKET',
      'for REGION in westeurope northeurope; do echo "$REGION"; done',
      'export SUBSCRIPTION=abc',
      'declare -a REVISIONS=(one two)',
      'if true; then FQDN=$(echo host); fi',
      'true && OWNER="ops team"',
      'COUNT+=1',
      'mapfile -t LINES < <(az group list -o tsv)',
      "readarray -d ',' -t ZONES <<< '1,2,3'",
      'printf -v STAMP "%(%Y%m%d)T" -1',
    ].join('\n');
    const later = 'echo "$TICKET $REGION $SUBSCRIPTION ${REVISIONS[0]} $FQDN $OWNER $COUNT ${LINES[@]} ${ZONES[1]} $STAMP"';
    expect(paramNames(['# R', '', '## Step 1: a', '', fence(code), '', '## Step 2: b', '', fence(later), ''].join('\n'))).toEqual([]);
  });

  it('keeps X a parameter when earlier blocks only set it for one command, locally, in a heredoc or in PowerShell', () => {
    const earlier = [
      fence('KUBECONFIG=/tmp/kc kubectl get pods\nPGPASSWORD="$(cat pw)" psql -c "select 1"'),
      fence('f() { local SLOT=blue; echo "$SLOT"; }'),
      fence('cat > app.env <<EOF\nIMAGE_TAG=v1\nEOF'),
      fence('$RESOURCE_GROUP = "rg-prod"', 'pwsh'),
    ];
    const later = 'echo "$KUBECONFIG $PGPASSWORD $SLOT $IMAGE_TAG $RESOURCE_GROUP"';
    const md = ['# R', '', ...earlier.flatMap((f, i) => [`## Step ${i + 1}: s`, '', f, '']), '## Step 9: later', '', fence(later), ''].join('\n');
    expect(paramNames(md)).toEqual(expect.arrayContaining(['KUBECONFIG', 'PGPASSWORD', 'SLOT', 'IMAGE_TAG', 'RESOURCE_GROUP']));
  });

  it('treats a capture= variable as produced, as before', () => {
    const md = ['# R', '', '## Step 1: a', '', '```bash {capture=REV}', 'echo rev-1', '```', '', '## Step 2: b', '', fence('echo "$REV"'), ''].join('\n');
    expect(paramNames(md)).toEqual([]);
  });
});

describe('scanParams', () => {
  it('tells assignments that stay in the shell from ones that only prefix a command', () => {
    const scan = scanParams(['A=1', 'B=$(date) C="x y"', 'D=2 env', 'E="$(echo "a b")" cmd', "F='q' ; G=3 # note", 'H=$(az show \\'].join('\n'), 0);
    expect([...(scan.produced ?? [])].sort()).toEqual(['A', 'B', 'C', 'F', 'G', 'H']);
  });

  it('reads every expansion form of a name: length, default, required, trimmed, replaced, cased', () => {
    const scan = scanParams('echo ${#AAA} ${BBB:-x} ${CCC:?need} ${DDD%%.*} ${EEE/a/b} ${FFF^^} $HHH', 0);
    expect([...new Set(scan.uses.map((u) => u.name))].sort()).toEqual(['AAA', 'BBB', 'CCC', 'DDD', 'EEE', 'FFF', 'HHH']);
  });
});

describe('names in a commented-out command', () => {
  const runbook = ['# Sign in', '', '## Step 1: Sign in', '', fence(['# az login --service-principal -u <app-id> -p <password>', 'az account show -o table', 'echo "$REGION"'].join('\n')), ''].join('\n');

  it('are listed (a password among them is secret) but no block needs them to run', () => {
    const rb = parseRunbook(runbook, 'fixture.md');
    expect(rb.params.map((p) => [p.name, p.secret, p.inComments === true])).toEqual([
      ['app-id', false, true],
      ['password', true, true],
      ['REGION', false, false],
    ]);
    expect(rb.steps[0]?.commands[0]?.params).toEqual(['REGION']);
  });
});
