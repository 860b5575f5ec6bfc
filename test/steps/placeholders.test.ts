import { describe, expect, it } from 'vitest';
import { envName, paramEnv, rewritePlaceholders } from '../../src/steps/placeholders.js';

const params = [
  { name: 'RG', forms: ['<RG>', '${RG}'] },
  { name: 'env', forms: ['{env}'] },
  { name: 'resource-group', forms: ['<resource-group>'] },
];

describe('placeholder rewriting', () => {
  it('quotes the reference for where it stands', () => {
    const { script } = rewritePlaceholders(`az group show -n <RG> --query "name=='<RG>'" -o '{env}'`, params);
    expect(script).toBe(`az group show -n "\${RG}" --query "name=='\${RG}'" -o ''"\${env}"''`);
  });

  it('leaves ${X}, comments, <<< and <<EOF operators alone', () => {
    const code = 'echo ${RG} # see <RG>\ncat <<<"x" >out\ncat <<EOF\nin doc <RG>\nEOF\necho <RG>';
    expect(rewritePlaceholders(code, params).script).toBe('echo ${RG} # see <RG>\ncat <<<"x" >out\ncat <<EOF\nin doc ${RG}\nEOF\necho "${RG}"');
  });

  it('reports placeholders inside a quoted heredoc, where nothing expands', () => {
    const r = rewritePlaceholders("cat <<'EOF'\nname: <RG>\nEOF\necho <RG>", params);
    expect(r.script).toBe("cat <<'EOF'\nname: <RG>\nEOF\necho \"${RG}\"");
    expect(r.unexpandable).toEqual(['<RG>']);
  });

  it('maps names that are not shell identifiers to environment names', () => {
    expect(envName('resource-group')).toBe('resource_group');
    expect(envName('1st')).toBe('_1st');
    expect(paramEnv({ 'resource-group': 'rg' })).toEqual({ resource_group: 'rg' });
    expect(rewritePlaceholders('echo <resource-group>', params).script).toBe('echo "${resource_group}"');
  });
});
